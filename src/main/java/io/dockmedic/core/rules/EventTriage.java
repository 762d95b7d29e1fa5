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
 *   <li>WARN: an issue only when a rule matches and no benign guard does; a rule's CRITICAL becomes HIGH,
 *       since the writer itself judged the event below an error (other severities stand: programs such as
 *       Redis log real failures with their warning marker).
 *   <li>No level: like WARN but uncapped, and the wording-only rules apply too.
 * </ul>
 */
public final class EventTriage {

    private static final int MAX_CAUSE_LINES = 8;
    private static final String PYTHON_UNCAUGHT = "Traceback (most recent call last):";

    private final RuleCatalog catalog;

    public EventTriage(RuleCatalog catalog) {
        this.catalog = catalog;
    }

    /** The verdict on an event, or empty when it is not an issue. */
    public Optional<Verdict> judge(LogEvent event) {
        Level level = event.level();
        if (level.isRoutine() || level == Level.UNKNOWN && event.looksBinary()) {
            // Binary data written to a log says nothing, whatever it spells by chance; a line whose header
            // states a level is a log line, even when its message is in an encoding other than UTF-8.
            return Optional.empty();
        }
        // One call of match for all levels: the JIT inlines judge into the per-line assembly, once, not per level.
        Optional<Rule> matched = match(event, level == Level.UNKNOWN);
        if (level == Level.ERROR || level == Level.FATAL) {
            Rule rule = matched.orElse(level == Level.FATAL ? BuiltInRules.LEVEL_FATAL : BuiltInRules.LEVEL_ERROR);
            return Optional.of(new Verdict(rule, rule.severity()));
        }
        if (matched.isEmpty()) {
            return Optional.empty();
        }
        Rule rule = matched.get();
        if (level == Level.WARN) {
            // A warning that only names an exception is a handled one (Spring's "Resolved [...Exception]" for
            // each bad client request): the writer judged it harmless, and no rule says otherwise.
            // Guards run only after a rule matched: most lines match none, and the guards cost more.
            if (namesNoCause(rule) || catalog.isBenign(event.message())) {
                return Optional.empty();
            }
            Severity capped = rule.severity() == Severity.CRITICAL ? Severity.HIGH : rule.severity();
            return Optional.of(new Verdict(rule, capped));
        }
        return catalog.isBenign(event.message()) ? Optional.empty() : Optional.of(new Verdict(rule, rule.severity()));
    }

    /**
     * The rule for an event. The first line decides when a rule names a cause there (an uncaught exception
     * is a crash whatever caused it); otherwise a stack trace's exception and "Caused by" lines are asked,
     * since a refused connection under a wrapper exception names the problem better than the wrapper.
     */
    private Optional<Rule> match(LogEvent event, boolean unlevelled) {
        boolean trace = event.stackTrace() != null;
        CharSequence first = event.message();
        if (trace && !event.lines().isEmpty() && event.lines().get(0).startsWith(PYTHON_UNCAUGHT)) {
            // No logger wrote this traceback: the interpreter printed an exception that escaped.
            first = PYTHON_UNCAUGHT + "\n" + event.message();
        }
        Optional<Rule> rule = catalog.match(first, trace, unlevelled);
        if (trace && (rule.isEmpty() || namesNoCause(rule.get()))) {
            Optional<Rule> deeper = catalog.match(exceptionText(event), true, unlevelled);
            if (deeper.isPresent() && (rule.isEmpty() || !namesNoCause(deeper.get()))) {
                return deeper;
            }
        }
        return rule;
    }

    private static boolean namesNoCause(Rule rule) {
        return rule.category() == Category.APPLICATION_EXCEPTION || rule.category() == Category.APPLICATION_ERROR;
    }

    /** A stack trace's exception and its "Caused by" lines; frames are left out: they name code, not problems. */
    private static CharSequence exceptionText(LogEvent event) {
        StackTrace trace = event.stackTrace();
        StringBuilder text = new StringBuilder();
        if (trace.exceptionType() != null) {
            text.append(trace.exceptionType());
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
