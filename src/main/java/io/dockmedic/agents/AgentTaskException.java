package io.dockmedic.agents;

/** Why an agent's task operation failed, as one line a person or a model can act on. */
public final class AgentTaskException extends RuntimeException {

    /** What kind of failure, which decides the exit code of {@code dockmedic tasks}. */
    public enum Kind {
        /** The account may not do it (HTTP 403). */
        FORBIDDEN,
        /** No such task, or no RemediationTask resource on the server. */
        NOT_FOUND,
        /** The protocol refuses it: claimed by another agent, not claimed, lease passed. */
        REFUSED,
        /** Others kept writing the task; nothing was changed by this call. */
        CONFLICT,
        /** A bad argument (lease, empty summary, agent name). */
        BAD_INPUT,
        /** Any other answer of the API server. */
        SERVER,
        /** The API server cannot be reached or does not accept the credentials. */
        UNREACHABLE
    }

    private final Kind kind;

    public AgentTaskException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** What kind of failure it is. */
    public Kind kind() {
        return kind;
    }
}
