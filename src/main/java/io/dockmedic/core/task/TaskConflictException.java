package io.dockmedic.core.task;

/** A conditional task write lost: someone wrote the task since it was read (HTTP 409 in Kubernetes). */
public final class TaskConflictException extends RuntimeException {

    public TaskConflictException(String message) {
        super(message);
    }
}
