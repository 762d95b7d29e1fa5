package io.dockmedic.core.task;

/** How an automatic fix attempt ended; spelled as the API writes it. */
public enum FixResult {
    /** Recorded and running (or the operator stopped before it recorded the end). */
    Started,
    /** The action ran and did what it should. */
    Succeeded,
    /** The action ran and failed, or could not run. */
    Failed,
    /** Only recorded: the policy is in DryRun mode. */
    DryRun,
    /** Found still Started after a restart of the operator: counted, never repeated. */
    Interrupted
}
