package io.dockmedic.core.rules;

import io.dockmedic.core.log.Level;
import io.dockmedic.core.log.LogEvent;
import io.dockmedic.core.log.StackTrace;
import java.util.Optional;

/**
 * Decides whether a log event is an issue, and which: the writer's level first, then the rules.
 *
 * <ul>
 *   <li>TRACE to NOTICE: never an issue, whatever the words ("0 errors", "retrying after failure").
 *   <li>ERROR and FATAL: always an issue; a matching rule names category and severity, else the event is an
 *       {@code application_error} of severity HIGH (ERROR) or CRITICAL (FATAL).
 *   <li>WARN: an issue only when a rule matches and no benign guard does; severity capped at MEDIUM, since
 *       the writer itself judged it below an error.
 *   <li>No level: like WARN but uncapped, and the wording-only rules apply too.
 * </ul>
 */
public final class EventTriage {

    private static final int MAX_CAUSE_LINES = 8;

    private final RuleCatalog catalog;

    public EventTriage(RuleCatalog catalog) {
        this.catalog = catalog;
    }

    /** The verdict on an event, or empty when it is not an issue. */
    public Optional<Verdict> judge(LogEvent event) {
        Level level = event.level();
        if (level.isRoutine()) {
            return Optional.empty();
        }
        String message = event.message();
        boolean trace = event.stackTrace() != null;
        CharSequence text = trace ? withException(event) : message;
        switch (level) {
            case ERROR, FATAL -> {
                Rule rule = catalog.match(text, trace, false).orElse(
                        level == Level.FATAL ? BuiltInRules.levelFatal() : BuiltInRules.levelError());
                return Optional.of(new Verdict(rule, rule.severity()));
            }
            case WARN -> {
                if (catalog.isBenign(message)) {
                    return Optional.empty();
                }
                return catalog.match(text, trace, false)
                        .map(rule -> new Verdict(rule, rule.severity().atLeast(Severity.MEDIUM) ? Severity.MEDIUM
                                : rule.severity()));
            }
            default -> {
                if (catalog.isBenign(message)) {
                    return Optional.empty();
                }
                return catalog.match(text, trace, true).map(rule -> new Verdict(rule, rule.severity()));
            }
        }
    }

    /**
     * The text rules see for a stack trace: the message, the exception, and the "Caused by" lines, since the
     * root cause (a refused connection under a wrapper exception) often names the problem best. Frames are
     * left out: they name code, not problems.
     */
    private static CharSequence withException(LogEvent event) {
        StackTrace trace = event.stackTrace();
        StringBuilder text = new StringBuilder(event.message());
        if (trace.exceptionType() != null) {
            text.append('\n').append(trace.exceptionType());
        }
        if (trace.exceptionMessage() != null && !trace.exceptionMessage().isEmpty()) {
            text.append(": ").append(trace.exceptionMessage());
        }
        int causes = 0;
        for (String line : event.lines()) {
            String stripped = line.strip();
            if (stripped.startsWith("Caused by:") && causes++ < MAX_CAUSE_LINES) {
                text.append('\n').append(stripped);
            }
        }
        return text;
    }
}
