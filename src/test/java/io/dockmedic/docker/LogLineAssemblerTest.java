package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogLineAssemblerTest {

    private static final Instant UNDATED = Instant.parse("2030-01-01T00:00:00Z");
    private static final String T1 = "2024-05-01T10:00:00.000000001Z";
    private static final String T2 = "2024-05-01T10:00:00.000000002Z";
    private static final String T3 = "2024-05-01T10:00:01.000000003Z";

    private final List<LogLine> lines = new ArrayList<>();

    private LogLineAssembler framed() {
        return new LogLineAssembler(LogStream.STDERR, true, UNDATED, lines::add);
    }

    private LogLineAssembler raw() {
        return new LogLineAssembler(LogStream.STDOUT, false, UNDATED, lines::add);
    }

    private static void feed(LogLineAssembler assembler, String text) {
        feed(assembler, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void feed(LogLineAssembler assembler, byte[] bytes) {
        assembler.accept(bytes, 0, bytes.length);
    }

    private static void frame(LogLineAssembler assembler, String payload) {
        assembler.startMessage();
        feed(assembler, payload);
    }

    @Test
    void linesKeepTheirTimestampAndLoseThePrefix() {
        LogLineAssembler assembler = framed();
        frame(assembler, T1 + " first line\n");
        frame(assembler, T2 + " second line\n");

        assertThat(lines).containsExactly(
                new LogLine(Instant.parse(T1), LogStream.STDERR, "first line"),
                new LogLine(Instant.parse(T2), LogStream.STDERR, "second line"));
    }

    @Test
    void aLineSplitAcrossPiecesWaitsForItsNewline() {
        LogLineAssembler assembler = raw();
        String text = T1 + " hello wor";
        feed(assembler, text.substring(0, 7));
        feed(assembler, text.substring(7));
        assertThat(lines).isEmpty();
        feed(assembler, "ld\n" + T2 + " next\n");

        assertThat(lines).extracting(LogLine::text).containsExactly("hello world", "next");
        assertThat(lines.get(0).timestamp()).isEqualTo(Instant.parse(T1));
    }

    @Test
    void aLongLineStoredAsSeveralDaemonMessagesIsOneLineWithTheFirstTimestamp() {
        String part1 = "a".repeat(LogLineAssembler.DAEMON_MESSAGE_BYTES);
        String part2 = "b".repeat(LogLineAssembler.DAEMON_MESSAGE_BYTES);
        String part3 = "c".repeat(100);

        LogLineAssembler framed = framed();
        frame(framed, T1 + " " + part1);
        frame(framed, T2 + " " + part2);
        frame(framed, T3 + " " + part3 + "\n");

        LogLineAssembler raw = raw();
        feed(raw, T1 + " " + part1 + T2 + " " + part2 + T3 + " " + part3 + "\n");

        assertThat(lines).hasSize(2).allSatisfy(line -> {
            assertThat(line.text()).isEqualTo(part1 + part2 + part3);
            assertThat(line.timestamp()).isEqualTo(Instant.parse(T1));
        });
    }

    @Test
    void aHugeLineIsCutMarkedAndTheNextLineIsIntact() {
        LogLineAssembler assembler = framed();
        int chunks = 20;
        for (int i = 0; i < chunks; i++) {
            frame(assembler, T1 + " " + "x".repeat(LogLineAssembler.DAEMON_MESSAGE_BYTES));
        }
        frame(assembler, T2 + " end\n");
        frame(assembler, T3 + " after\n");

        long total = (long) chunks * LogLineAssembler.DAEMON_MESSAGE_BYTES + 3;
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).text())
                .startsWith("x".repeat(1000))
                .endsWith(LogLineAssembler.truncationNote(total))
                .hasSize(LogLineAssembler.MAX_LINE_BYTES + LogLineAssembler.truncationNote(total).length());
        assertThat(lines.get(1).text()).isEqualTo("after");
    }

    @Test
    void cuttingAHugeLineNeverSplitsACharacter() {
        LogLineAssembler assembler = raw();
        feed(assembler, "x" + "€".repeat(LogLineAssembler.MAX_LINE_BYTES) + "\n");

        String text = lines.get(0).text();
        String kept = text.substring(0, text.indexOf(" [dockmedic"));
        assertThat(kept).doesNotContain("\uFFFD").startsWith("x€€");
    }

    @Test
    void binaryBytesBecomeReplacementCharactersNotErrors() {
        LogLineAssembler assembler = raw();
        byte[] prefix = (T1 + " bin:").getBytes(StandardCharsets.US_ASCII);
        byte[] junk = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0, 7, '\n'};
        feed(assembler, prefix);
        feed(assembler, junk);

        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.text()).startsWith("bin:\uFFFD(\uFFFD");
            assertThat(line.timestamp()).isEqualTo(Instant.parse(T1));
        });
    }

    @Test
    void carriageReturnsOfTtyLinesAreDropped() {
        LogLineAssembler assembler = raw();
        feed(assembler, T1 + " from a tty\r\n" + T2 + " \r\n");

        assertThat(lines).extracting(LogLine::text).containsExactly("from a tty", "");
    }

    @Test
    void linesWithoutTimestampFollowThePreviousLineInOrder() {
        LogLineAssembler assembler = raw();
        feed(assembler, "no time here\nstill none\n" + T1 + " dated\nundated again\n");

        assertThat(lines).extracting(LogLine::timestamp).containsExactly(
                UNDATED, UNDATED.plusNanos(1), Instant.parse(T1), Instant.parse(T1).plusNanos(1));
        assertThat(lines).extracting(LogLine::text)
                .containsExactly("no time here", "still none", "dated", "undated again");
    }

    @Test
    void textThatOnlyLooksLikeATimestampStaysContent() {
        LogLineAssembler assembler = raw();
        feed(assembler, "2024-05-01 is a date\n2024-05-01T10:00:00.1Zjunk tail\n");

        assertThat(lines).extracting(LogLine::text)
                .containsExactly("2024-05-01 is a date", "2024-05-01T10:00:00.1Zjunk tail");
    }

    @Test
    void theLastLineWithoutNewlineIsDeliveredAtTheEnd() {
        LogLineAssembler assembler = framed();
        frame(assembler, T1 + " complete\n");
        frame(assembler, T2 + " no newline");
        assertThat(lines).hasSize(1);

        assembler.finish();

        assertThat(lines).extracting(LogLine::text).containsExactly("complete", "no newline");
        assertThat(lines.get(1).timestamp()).isEqualTo(Instant.parse(T2));
    }
}
