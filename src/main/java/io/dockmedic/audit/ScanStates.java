package io.dockmedic.audit;

import io.dockmedic.core.container.LogSource;
import io.dockmedic.core.container.StateMarks;
import io.dockmedic.core.log.LogCursor;
import io.dockmedic.core.scan.ScanState;
import io.dockmedic.operator.api.ContainerCursor;
import io.dockmedic.operator.api.CountedState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Converts the core's resumable {@link ScanState} to the cursors a LogAudit status holds, and back. */
public final class ScanStates {

    private static final Logger LOG = LoggerFactory.getLogger(ScanStates.class);

    private ScanStates() {
    }

    /** The cursors to store, ordered by container identity and id so that equal states compare equal. */
    public static List<ContainerCursor> toCursors(ScanState state) {
        return state.containers().entrySet().stream()
                .map(e -> cursor(e.getKey(), e.getValue()))
                .sorted(Comparator.comparing(ContainerCursor::container).thenComparing(ContainerCursor::containerId))
                .toList();
    }

    /**
     * The state stored in a status. An entry that cannot be read (edited by hand) is left out with a
     * warning: that container then starts again from the audit's look-back.
     */
    public static ScanState fromCursors(List<ContainerCursor> cursors) {
        if (cursors == null) {
            return ScanState.EMPTY;
        }
        Map<String, ScanState.ContainerCheckpoint> containers = new LinkedHashMap<>();
        for (ContainerCursor cursor : cursors) {
            try {
                containers.put(cursor.containerId(), new ScanState.ContainerCheckpoint(cursor.container(),
                        new LogCursor(Instant.parse(cursor.position()), new HashSet<>(cursor.seenAtPosition())),
                        marks(cursor.counted()),
                        cursor.readFrom() == null ? null : new LogSource(cursor.readFrom(), null)));
            } catch (DateTimeParseException | NullPointerException e) {
                LOG.warn("Ignoring unreadable cursor of container {} in LogAudit status: {}", cursor.containerId(),
                        e.getMessage());
            }
        }
        return new ScanState(containers);
    }

    private static ContainerCursor cursor(String id, ScanState.ContainerCheckpoint checkpoint) {
        StateMarks m = checkpoint.marks();
        CountedState counted = m.equals(StateMarks.NONE) ? null : new CountedState(text(m.exitFinishedAt()),
                m.exitReported(), m.restarts(), m.failingStreak(), text(m.healthStartedAt()), m.deadReported());
        return new ContainerCursor(id, checkpoint.container(), checkpoint.cursor().position().toString(),
                checkpoint.cursor().seenAtPosition().stream().sorted().toList(), counted,
                checkpoint.logSource() == null ? null : checkpoint.logSource().via());
    }

    private static StateMarks marks(CountedState counted) {
        if (counted == null) {
            return StateMarks.NONE;
        }
        return new StateMarks(time(counted.exitFinishedAt()), counted.exitReported(), counted.restarts(),
                counted.failingStreak(), time(counted.healthStartedAt()), counted.deadReported());
    }

    private static String text(Instant time) {
        return time == null ? null : time.toString();
    }

    private static Instant time(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
