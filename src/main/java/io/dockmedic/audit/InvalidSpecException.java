package io.dockmedic.audit;

/** A LogAudit spec that passed the schema but cannot be acted on; the message names the field. */
public class InvalidSpecException extends RuntimeException {

    public InvalidSpecException(String message) {
        super(message);
    }
}
