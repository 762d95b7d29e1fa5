package io.dockmedic.core.task;

/**
 * Where a RemediationTask is in its lifecycle. The constants are spelled as the API writes them; the
 * transitions are described in SPEC/operator.md.
 */
public enum TaskPhase {
    /** Seen and not yet handled. */
    Open,
    /** dockmedic is applying an automatic fix. */
    Remediating,
    /** An agent took the task (status.claim says who). */
    Claimed,
    /** An agent or person says it is fixed; the operator starts verifying. */
    Fixed,
    /** Fixed, and the operator is watching for a recurrence during the quiet period. */
    Verifying,
    /** Quiet for the whole quiet period. */
    Resolved,
    /** Happened again after being Fixed, Verifying or Resolved. */
    Regressed,
    /** An automatic fix failed; needs a person or an agent. */
    Failed,
    /** A person decided not to act; occurrences are still counted. */
    Ignored;

    /** Whether the issue still needs attention: everything except Resolved and Ignored. */
    public boolean isOpen() {
        return this != Resolved && this != Ignored;
    }
}
