package io.dockmedic.core.task;

import java.util.List;

/** The port that reports what happened to tasks (Kubernetes Events, or the local progress log). */
public interface TaskNotifier {

    /** Reports {@code notices} about {@code task}, after the write they describe succeeded. */
    void publish(StoredTask task, List<Notice> notices);
}
