package io.dockmedic.core.container;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ContainerRuntime} must do, whatever it talks to. Each implementation extends
 * this class and says how to make containers and log output; the tests are the same for all.
 */
public abstract class ContainerRuntimeContract {

    /** The runtime under test; it must list every container the test creates. */
    protected abstract ContainerRuntime runtime();

    /** Starts a container named {@code name} that keeps running with an empty log. */
    protected abstract ContainerInfo startContainer(String name);

    /**
     * Makes the container's program write {@code text} to {@code stream}, as one write; returns once
     * the runtime holds every complete line written so far.
     */
    protected abstract void write(ContainerInfo container, LogStream stream, String text);

    /** Creates a container whose program printed {@code output} and exited with {@code exitCode}. */
    protected abstract ContainerInfo exitedContainer(String name, String output, int exitCode);

    /** A container name no other test run uses. */
    protected static String uniqueName(String purpose) {
        return "dmtest-" + purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<LogLine> read(ContainerInfo container, LogCursor from, LogCursor[] next) {
        List<LogLine> lines = new ArrayList<>();
        LogCursor after = runtime().readLogs(container, from, lines::add);
        if (next != null) {
            next[0] = after;
        }
        return lines;
    }

    private List<LogLine> readAll(ContainerInfo container) {
        return read(container, LogCursor.startingAt(Instant.EPOCH), null);
    }

    @Test
    void linesArriveOldestFirstWithTheStreamTheyWereWrittenTo() {
        ContainerInfo container = startContainer(uniqueName("order"));
        write(container, LogStream.STDOUT, "first\n");
        write(container, LogStream.STDERR, "second\n");
        write(container, LogStream.STDOUT, "third\n");

        List<LogLine> lines = readAll(container);

        assertThat(lines).extracting(LogLine::text).containsExactly("first", "second", "third");
        assertThat(lines).extracting(LogLine::stream)
                .containsExactly(LogStream.STDOUT, LogStream.STDERR, LogStream.STDOUT);
        assertThat(lines).extracting(LogLine::timestamp).isSorted();
    }

    @Test
    void aCursorNeverAdmitsALineTwiceAcrossReads() {
        ContainerInfo container = startContainer(uniqueName("cursor"));
        write(container, LogStream.STDOUT, "one\ntwo\n");
        write(container, LogStream.STDERR, "three\n");
        LogCursor[] cursor = new LogCursor[1];

        List<LogLine> firstRead = read(container, LogCursor.startingAt(Instant.EPOCH), cursor);
        write(container, LogStream.STDOUT, "four\n");
        write(container, LogStream.STDERR, "five\n");
        List<LogLine> secondRead = read(container, cursor[0], cursor);
        List<LogLine> thirdRead = read(container, cursor[0], cursor);

        assertThat(firstRead).extracting(LogLine::text).containsExactly("one", "two", "three");
        assertThat(secondRead).extracting(LogLine::text).containsExactly("four", "five");
        assertThat(thirdRead).isEmpty();
    }

    @Test
    void aCursorStartingAtATimeAdmitsOnlyLinesFromThatTimeOn() {
        ContainerInfo container = startContainer(uniqueName("since"));
        write(container, LogStream.STDOUT, "before\n");
        Instant justAfterBefore = readAll(container).get(0).timestamp().plusNanos(1);
        write(container, LogStream.STDOUT, "after\n");

        List<LogLine> lines = read(container, LogCursor.startingAt(justAfterBefore), null);

        assertThat(lines).extracting(LogLine::text).containsExactly("after");
    }

    @Test
    void theReturnedCursorStandsAtTheLastLineRead() {
        ContainerInfo container = startContainer(uniqueName("position"));
        write(container, LogStream.STDOUT, "a\nb\n");
        LogCursor[] cursor = new LogCursor[1];

        List<LogLine> lines = read(container, LogCursor.startingAt(Instant.EPOCH), cursor);

        assertThat(cursor[0].position()).isEqualTo(lines.get(lines.size() - 1).timestamp());
        assertThat(lines).noneMatch(cursor[0]::admits);
    }

    @Test
    void aCursorPastTheEndReadsNothingAndStaysWhereItIs() {
        ContainerInfo container = startContainer(uniqueName("past"));
        write(container, LogStream.STDOUT, "only line\n");
        LogCursor future = LogCursor.startingAt(Instant.now().plusSeconds(3600));
        LogCursor[] cursor = new LogCursor[1];

        assertThat(read(container, future, cursor)).isEmpty();
        assertThat(cursor[0].position()).isEqualTo(future.position());
    }

    @Test
    void aLineWrittenInPiecesArrivesAsOneLine() {
        ContainerInfo container = startContainer(uniqueName("pieces"));
        write(container, LogStream.STDOUT, "a line wri");
        write(container, LogStream.STDOUT, "tten in pie");
        write(container, LogStream.STDOUT, "ces\nnext\n");

        assertThat(readAll(container)).extracting(LogLine::text).containsExactly("a line written in pieces", "next");
    }

    @Test
    void aLongLineArrivesWholeAsOneLine() {
        ContainerInfo container = startContainer(uniqueName("long"));
        String longLine = "0123456789".repeat(4_000);
        write(container, LogStream.STDERR, longLine + "\nshort\n");

        List<LogLine> lines = readAll(container);

        assertThat(lines).extracting(LogLine::text).containsExactly(longLine, "short");
        assertThat(lines.get(0).stream()).isEqualTo(LogStream.STDERR);
    }

    @Test
    void stoppedContainersAreListedWithTheirExitCodeAndTheirLogStaysReadable() {
        ContainerInfo exited = exitedContainer(uniqueName("exited"), "last words\n", 3);

        ContainerInfo listed = runtime().listContainers().stream()
                .filter(c -> c.name().equals(exited.name())).findFirst().orElseThrow();

        assertThat(listed.id()).isEqualTo(exited.id());
        assertThat(listed.state().status()).isEqualTo("exited");
        assertThat(listed.state().exitCode()).isEqualTo(3);
        assertThat(listed.state().running()).isFalse();
        assertThat(readAll(listed)).extracting(LogLine::text).containsExactly("last words");
    }

    @Test
    void runningContainersAreListedAsRunning() {
        ContainerInfo started = startContainer(uniqueName("running"));

        assertThat(runtime().listContainers())
                .filteredOn(c -> c.name().equals(started.name()))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.state().running()).isTrue();
                    assertThat(c.state().exitCode()).isZero();
                });
    }
}
