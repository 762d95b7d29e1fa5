package io.dockmedic.local;

/** The local state directory cannot be used (missing, unreadable, not writable, disk full), in one line. */
public class LocalStoreException extends RuntimeException {

    public LocalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
