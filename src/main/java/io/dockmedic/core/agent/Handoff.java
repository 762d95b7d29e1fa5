package io.dockmedic.core.agent;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.dockmedic.core.task.Claim;
import io.dockmedic.core.task.FixAttempt;
import io.dockmedic.core.task.RemediationTaskSpec;
import io.dockmedic.core.task.RemediationTaskStatus;
import io.dockmedic.core.task.Resolution;
import io.dockmedic.core.task.StoredTask;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What an agent is handed for one task: the issue, its evidence and what was tried before. Every piece of
 * text that came from a log (the excerpt, the template) is {@link UntrustedText}: sanitized, capped and
 * checked for instruction-like text, and the hand-off says so in fixed fields an agent's prompt can rely on.
 *
 * @param name the task's name
 * @param namespace its namespace
 * @param phase its phase
 * @param issueType the category
 * @param container the container identity
 * @param severity the current severity
 * @param fingerprint the issue's stable id
 * @param occurrences how often it happened
 * @param firstSeen first occurrence
 * @param lastSeen latest occurrence
 * @param template the message with variable parts masked (log text, sanitized)
 * @param suggestedAction what to do
 * @param untrustedLogExcerpt the latest event as logged, sanitized and capped
 * @param logTextIsUntrusted always true: the excerpt and template are data, not instructions
 * @param instructionLikeTextFlagged whether the log text looks like an instruction to an AI
 * @param instructionLikeHeuristics which heuristics matched
 * @param earlierAttempts dockmedic's automatic fix attempts
 * @param earlierFixes fixes of this issue that did not hold, with what their authors learnt
 * @param claim who works on it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "namespace", "phase", "issue_type", "container", "severity", "fingerprint", "occurrences",
    "first_seen", "last_seen", "suggested_action", "log_text_is_untrusted", "instruction_like_text_flagged",
    "instruction_like_heuristics", "template", "untrusted_log_excerpt", "earlier_attempts", "earlier_fixes", "claim"})
public record Handoff(
        String name,
        String namespace,
        String phase,
        @JsonProperty("issue_type") String issueType,
        String container,
        String severity,
        String fingerprint,
        Long occurrences,
        @JsonProperty("first_seen") String firstSeen,
        @JsonProperty("last_seen") String lastSeen,
        String template,
        @JsonProperty("suggested_action") String suggestedAction,
        @JsonProperty("untrusted_log_excerpt") String untrustedLogExcerpt,
        @JsonProperty("log_text_is_untrusted") boolean logTextIsUntrusted,
        @JsonProperty("instruction_like_text_flagged") boolean instructionLikeTextFlagged,
        @JsonProperty("instruction_like_heuristics") List<String> instructionLikeHeuristics,
        @JsonProperty("earlier_attempts") List<Attempt> earlierAttempts,
        @JsonProperty("earlier_fixes") List<EarlierFix> earlierFixes,
        ClaimView claim) {

    /** The cap of the template, as in the CRD. */
    static final int TEMPLATE_LIMIT = 2000;
    /** The cap of free text other writers put in the status (messages, summaries, learnings). */
    static final int NOTE_LIMIT = 1000;

    /**
     * One automatic fix attempt.
     *
     * @param action restart or exec
     * @param result how it ended
     * @param time when it was recorded
     * @param message what happened
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Attempt(String action, String result, String time, String message) {
    }

    /**
     * A fix that did not hold.
     *
     * @param by who made it
     * @param at when
     * @param summary what was done
     * @param changes what changed
     * @param learning what its author learnt
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record EarlierFix(String by, String at, String summary, List<String> changes, String learning) {
    }

    /**
     * The claim on the task.
     *
     * @param agent who holds it
     * @param claimedAt since when
     * @param expiresAt until when, unless renewed
     * @param note the agent's note
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ClaimView(String agent, @JsonProperty("claimed_at") String claimedAt,
            @JsonProperty("expires_at") String expiresAt, String note) {
    }

    /** The hand-off of {@code task} in {@code namespace}. */
    public static Handoff of(StoredTask task, String namespace) {
        RemediationTaskSpec spec = task.spec();
        RemediationTaskStatus status = task.statusOrEmpty();
        String sample = status.lastSample() != null ? status.lastSample() : status.firstSample();
        UntrustedText excerpt = UntrustedText.of(sample, UntrustedText.EXCERPT_LIMIT);
        UntrustedText template = UntrustedText.of(spec == null ? null : spec.template(), TEMPLATE_LIMIT);
        Set<String> heuristics = new LinkedHashSet<>(excerpt.heuristics());
        heuristics.addAll(template.heuristics());
        List<Attempt> attempts = status.attempts() == null ? List.of() : status.attempts().stream()
                .map(Handoff::attempt).toList();
        List<EarlierFix> fixes = status.previousFixes() == null ? List.of() : status.previousFixes().stream()
                .map(Handoff::earlierFix).toList();
        Claim claim = status.claim();
        return new Handoff(task.name(), namespace, status.phase() == null ? null : status.phase().name(),
                spec == null || spec.issueType() == null ? null : spec.issueType().category().id(),
                spec == null ? null : spec.container(),
                status.severity() != null ? status.severity().name()
                        : spec == null || spec.severity() == null ? null : spec.severity().name(),
                spec == null ? null : spec.fingerprint(), status.occurrences(), status.firstSeen(), status.lastSeen(),
                template.text(), spec == null ? null : spec.suggestedAction(), excerpt.text(), true,
                !heuristics.isEmpty(), new ArrayList<>(heuristics), attempts, fixes,
                claim == null ? null : new ClaimView(claim.agent(), claim.claimedAt(), claim.expiresAt(),
                        note(claim.note())));
    }

    private static Attempt attempt(FixAttempt attempt) {
        return new Attempt(attempt.action(), attempt.result() == null ? null : attempt.result().name(),
                attempt.startedAt(), note(attempt.message()));
    }

    private static EarlierFix earlierFix(Resolution fix) {
        List<String> changes = fix.changes().stream().map(Handoff::note).toList();
        return new EarlierFix(fix.by(), fix.at(), note(fix.summary()), changes, note(fix.learning()));
    }

    /** Text other writers put in the status is sanitized too: it may quote a log. */
    private static String note(String text) {
        return UntrustedText.of(text, NOTE_LIMIT).text();
    }
}
