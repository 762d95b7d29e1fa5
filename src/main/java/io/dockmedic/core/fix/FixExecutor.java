package io.dockmedic.core.fix;

/** The port that carries out automatic fixes on containers (Docker in production). */
public interface FixExecutor {

    /** Carries out {@code action} on the container with id {@code containerId}; never throws for a failed action. */
    FixOutcome run(FixAction action, String containerId);
}
