package io.dockmedic.core.agent;

/** An agent asked for something the task's state does not allow (claiming a task another agent holds, say). */
public final class AgentRefusedException extends RuntimeException {

    public AgentRefusedException(String message) {
        super(message);
    }
}
