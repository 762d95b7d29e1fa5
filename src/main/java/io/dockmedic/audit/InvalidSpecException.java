package io.dockmedic.audit;

/** A LogAudit spec that passed the schema but cannot be acted on; the message names the field. */
public class InvalidSpecException extends RuntimeException {

    /** The condition reason of a spec that is wrong in itself. */
    public static final String INVALID_SPEC = "InvalidSpec";

    private final String reason;

    public InvalidSpecException(String message) {
        this(INVALID_SPEC, message);
    }

    /**
     * @param reason the condition reason the audit's status shows, e.g. {@code DockerHostNotAllowed} for a spec
     *     that is well formed but asks for more than the operator grants
     */
    public InvalidSpecException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The condition reason for the audit's status. */
    public String reason() {
        return reason;
    }
}
