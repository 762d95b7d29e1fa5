package io.dockmedic.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerRuntime;
import io.dockmedic.core.container.LogSource;
import io.dockmedic.core.container.StateMarks;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import io.dockmedic.core.scan.ScanState;
import io.dockmedic.core.task.AppliedScan;
import io.dockmedic.operator.api.ContainerCursor;
import io.dockmedic.operator.api.LogAuditStatus;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.ScanMark;
import io.dockmedic.core.task.TaskLifecycle;
import io.dockmedic.core.task.TaskPlanner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AuditScanTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private final TaskPlanner planner = new TaskPlanner("shop", "uid-1", new TaskLifecycle(Duration.ofHours(1)));

    @Test
    void aNewScanTakesTheNextNumberAndEndsItsWindowNow() {
        ScanMark mark = AuditScan.nextMark(status(4L), List.of(task("uid-1", 4, T0)), planner, T0.plusSeconds(30));

        assertThat(mark).isEqualTo(new ScanMark(5, T0.plusSeconds(30)));
    }

    @Test
    void aScanThatTasksCarryButTheStatusDoesNotIsRepeatedOverItsOwnWindow() {
        ScanMark mark = AuditScan.nextMark(status(4L), List.of(task("uid-1", 4, T0), task("uid-1", 5, T0.plusSeconds(7))),
                planner, T0.plusSeconds(60));

        assertThat(mark).isEqualTo(new ScanMark(5, T0.plusSeconds(7)));
    }

    @Test
    void tasksLeftByAnEarlierAuditOfTheSameNameDoNotLookLikeAnInterruptedScan() {
        ScanMark mark = AuditScan.nextMark(null, List.of(task("uid-0", 57, T0)), planner, T0.plusSeconds(60));

        assertThat(mark).isEqualTo(new ScanMark(1, T0.plusSeconds(60)));
    }

    @Test
    void aBoundedReadLeavesLinesAfterTheWindowForTheNextScan() {
        List<LogLine> log = List.of(line(T0, "a"), line(T0.plusSeconds(1), "b"), line(T0.plusSeconds(2), "c"));
        ContainerRuntime runtime = new ListedRuntime(log);
        List<LogLine> first = new ArrayList<>();

        LogCursor cursor = new BoundedRuntime(runtime, T0.plusSeconds(1)).readLogs(null, LogCursor.startingAt(T0),
                first::add);
        List<LogLine> second = new ArrayList<>();
        new BoundedRuntime(runtime, T0.plusSeconds(5)).readLogs(null, cursor, second::add);

        assertThat(first).extracting(LogLine::text).containsExactly("a", "b");
        assertThat(second).extracting(LogLine::text).containsExactly("c");
    }

    @Test
    void theScanStateSurvivesTheTripThroughTheStatus() {
        ScanState state = new ScanState(Map.of(
                "id-1", new ScanState.ContainerCheckpoint("shop/web",
                        new LogCursor(T0.plusNanos(123), Set.of("o1", "e2")), StateMarks.NONE),
                "id-2", new ScanState.ContainerCheckpoint("shop/db", LogCursor.startingAt(T0),
                        new StateMarks(T0, true, 3, 0, null, false))));

        List<ContainerCursor> cursors = ScanStates.toCursors(state);

        assertThat(cursors).extracting(ContainerCursor::container).containsExactly("shop/db", "shop/web");
        assertThat(ScanStates.fromCursors(cursors)).isEqualTo(state);
    }

    @Test
    void eachCursorSaysWhetherItsLogWasReadFromTheFilesOrThroughTheApi() {
        ContainerInfo web = new ContainerInfo("id-1", "web", "img", Map.of(), null);
        ContainerRuntime runtime = new ListedRuntime(List.of(line(T0, "a")));
        ContainerRuntime reporting = new ContainerRuntime() {
            @Override
            public List<ContainerInfo> listContainers() {
                return List.of(web);
            }

            @Override
            public LogCursor readLogs(ContainerInfo container, LogCursor from, Consumer<LogLine> sink) {
                return runtime.readLogs(container, from, sink);
            }

            @Override
            public LogSource logSource(ContainerInfo container) {
                return new LogSource(LogSource.FILE, "/var/lib/docker/containers/id-1/id-1-json.log");
            }
        };
        ScanState state = new ScanState(Map.of("id-1", new ScanState.ContainerCheckpoint("web",
                LogCursor.startingAt(T0), StateMarks.NONE,
                new BoundedRuntime(reporting, T0.plusSeconds(5)).logSource(web))));

        List<ContainerCursor> cursors = ScanStates.toCursors(state);

        assertThat(cursors).extracting(ContainerCursor::readFrom).containsExactly("file");
        assertThat(ScanStates.fromCursors(cursors).checkpoint("id-1").logSource().via()).isEqualTo(LogSource.FILE);
    }

    @Test
    void aCursorEditedIntoNonsenseIsLeftOutInsteadOfFailingTheAudit() {
        ScanState state = ScanStates.fromCursors(List.of(
                new ContainerCursor("id-1", "web", "yesterday", List.of(), null),
                new ContainerCursor("id-2", "db", T0.toString(), List.of(), null)));

        assertThat(state.containers()).containsOnlyKeys("id-2");
    }

    private static LogAuditStatus status(Long sequence) {
        return new LogAuditStatus(1L, List.of(), null, sequence, null, null, null, null, null, null, List.of(), null, null);
    }

    private static StoredTask task(String ownerUid, long sequence, Instant windowEnd) {
        return new StoredTask("t-" + sequence, "u", "1", 1, Map.of(), ownerUid, null,
                new RemediationTaskStatus.Builder().observedGeneration(1L).occurrences(1L)
                        .appliedScan(new AppliedScan(sequence, windowEnd.toString())).build());
    }

    private static LogLine line(Instant at, String text) {
        return new LogLine(at, LogStream.STDOUT, text);
    }

    /** A runtime whose one container's log is a list, read the way the port promises. */
    private record ListedRuntime(List<LogLine> log) implements ContainerRuntime {
        @Override
        public List<ContainerInfo> listContainers() {
            return List.of();
        }

        @Override
        public LogCursor readLogs(ContainerInfo container, LogCursor from, Consumer<LogLine> sink) {
            LogCursor.Tracker tracker = from.tracker();
            log.stream().filter(from::admits).forEach(line -> {
                tracker.accept(line);
                sink.accept(line);
            });
            return tracker.cursor();
        }
    }
}
