package io.dockmedic.core.task;

/** The task named does not exist (HTTP 404 in Kubernetes). */
public final class TaskNotFoundException extends RuntimeException {

    public TaskNotFoundException(String message) {
        super(message);
    }
}
