package io.dockmedic.core.container;

/** The container runtime could not be reached or refused the request. */
public class RuntimeUnavailableException extends RuntimeException {

    public RuntimeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
