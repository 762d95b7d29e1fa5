package io.dockmedic.core.task;

/**
 * Something about a task worth a Kubernetes Event.
 *
 * @param kind what happened
 * @param message a sentence for people
 */
public record Notice(Kind kind, String message) {

    /** What happened, with the Event type and reason it is reported under. */
    public enum Kind {
        DETECTED("IssueDetected", true),
        REGRESSED("IssueRegressed", true),
        SEVERITY_RAISED("SeverityRaised", true),
        VERIFYING("VerifyingFix", false),
        RESOLVED("IssueResolved", false),
        CLAIM_EXPIRED("ClaimExpired", false),
        FIX_STARTED("RemediationStarted", false),
        FIX_SUCCEEDED("RemediationSucceeded", false),
        FIX_FAILED("RemediationFailed", true),
        FIX_DRY_RUN("RemediationDryRun", false),
        FIX_INTERRUPTED("RemediationInterrupted", true),
        BUDGET_EXHAUSTED("RemediationBudgetExhausted", true),
        STORM_BRAKE("RemediationStormBrake", true);

        private final String reason;
        private final boolean warning;

        Kind(String reason, boolean warning) {
            this.reason = reason;
            this.warning = warning;
        }

        /** The Event reason and history reason, CamelCase. */
        public String reason() {
            return reason;
        }

        /** Event type: Warning for things that need attention, Normal for good news. */
        public String eventType() {
            return warning ? "Warning" : "Normal";
        }
    }
}
