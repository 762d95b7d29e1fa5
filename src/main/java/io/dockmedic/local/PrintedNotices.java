package io.dockmedic.local;

import io.dockmedic.core.task.Notice;
import io.dockmedic.core.task.StoredTask;
import io.dockmedic.core.task.TaskNotifier;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;

/**
 * What the operator reports as Kubernetes Events, printed by {@code dockmedic watch} one line each:
 * {@code TIME TYPE REASON TASK: message}. The lasting record is the task's history and the progress log.
 */
public final class PrintedNotices implements TaskNotifier {

    private final PrintWriter out;
    private final Clock clock;

    /** Prints to {@code out}, stamped by {@code clock}. */
    public PrintedNotices(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void publish(StoredTask task, List<Notice> notices) {
        synchronized (out) {
            for (Notice notice : notices) {
                out.printf("%s %-7s %s %s: %s%n", clock.instant(), notice.kind().eventType(), notice.kind().reason(),
                        task.name(), notice.message());
            }
            out.flush();
        }
    }
}
