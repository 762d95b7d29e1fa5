package io.dockmedic.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.log.Level;
import io.dockmedic.core.log.LogEvent;
import io.dockmedic.core.log.LogStream;
import io.dockmedic.core.log.StackTrace;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class EventTriageTest {

    private final EventTriage triage = new EventTriage(RuleCatalog.builtIn());

    @ParameterizedTest
    @EnumSource(value = Level.class, names = {"TRACE", "DEBUG", "INFO", "NOTICE"})
    void routineLevelsAreNeverIssuesWhateverTheWords(Level level) {
        assertThat(triage.judge(event(level, "Connection refused; retrying, 0 errors so far, OutOfMemoryError"))).isEmpty();
    }

    /** Level, message, then the rule and severity of the verdict, or "-" when the event is no issue. */
    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
        ERROR   | No space left on device                              | disk.full              | CRITICAL
        ERROR   | order 42 could not be billed                         | level.error            | HIGH
        ERROR   | job finished with errors=0                           | level.error            | HIGH
        FATAL   | giving up                                            | level.fatal            | CRITICAL
        WARN    | write failed: No space left on device                | disk.full              | HIGH
        WARN    | slow query: SELECT 1 took 900ms                      | perf.slow-query        | LOW
        WARN    | cache is cold, this may be slow to start             | -                      | -
        WARN    | failed to load optional plugin, continuing           | -                      | -
        UNKNOWN | dial tcp 10.0.0.1:9092: connect: connection refused  | net.connection-refused | HIGH
        UNKNOWN | Error: could not reach the ledger                    | generic.error-wording  | MEDIUM
        UNKNOWN | serving on :8080                                     | -                      | -
        """)
    void levelDecidesWhetherARuleIsNeededAndCapsWarnings(Level level, String message, String rule, String severity) {
        assertThat(triage.judge(event(level, message)).map(v -> v.rule().id() + " " + v.severity()).orElse("- -"))
                .isEqualTo(rule + " " + severity);
    }

    @Test
    void eventWithoutARuleIsAnApplicationError() {
        assertThat(triage.judge(event(Level.ERROR, "order 42 could not be billed"))).map(v -> v.rule().category())
                .contains(Category.APPLICATION_ERROR);
    }

    @Test
    void warnEventThatOnlyNamesAnExceptionIsHandledButTheSameErrorIsAnIssue() {
        String handled = "Resolved [org.springframework.web.HttpRequestMethodNotSupportedException: Request method"
                + " 'POST' not supported]";
        assertThat(triage.judge(event(Level.WARN, handled))).isEmpty();
        assertThat(triage.judge(event(Level.ERROR, handled))).map(v -> v.rule().id()).contains("exception.named");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "Error: none",
        "upload complete: errors=0 retried=0",
        "sync done: 0 failed, 0 timed out",
        "Failed: 0, Errors: 0, Timed out: 0"})
    void benignGuardSilencesARuleMatchInUnlevelledAndWarnLines(String message) {
        assertThat(RuleCatalog.builtIn().match(message, false, true)).as("a rule matches '%s'", message).isPresent();
        assertThat(triage.judge(event(Level.UNKNOWN, message))).isEmpty();
        assertThat(triage.judge(event(Level.WARN, message))).isEmpty();
    }

    @Test
    void stackTraceIsClassifiedByItsRootCause() {
        LogEvent event = new LogEvent(Instant.EPOCH, LogStream.STDERR, Level.ERROR, "Request processing failed",
                List.of("Request processing failed",
                        "org.springframework.dao.DataAccessResourceFailureException: cannot open",
                        "\tat com.acme.Repo.find(Repo.java:10)",
                        "Caused by: org.postgresql.util.PSQLException: Connection to db:5432 refused.",
                        "Caused by: java.net.ConnectException: Connection refused"),
                new StackTrace("java", "org.springframework.dao.DataAccessResourceFailureException", "cannot open",
                        List.of("com.acme.Repo.find")));
        Verdict verdict = triage.judge(event).orElseThrow();
        assertThat(verdict.rule().category()).isEqualTo(Category.DATABASE);
    }

    @Test
    void uncaughtExceptionIsACrashWhateverItsCause() {
        LogEvent event = new LogEvent(Instant.EPOCH, LogStream.STDERR, Level.UNKNOWN,
                "Exception in thread \"main\" java.lang.IllegalStateException: cannot start",
                List.of("Exception in thread \"main\" java.lang.IllegalStateException: cannot start",
                        "\tat com.acme.Main.main(Main.java:3)",
                        "Caused by: java.io.FileNotFoundException: /etc/app.properties (No such file or directory)"),
                new StackTrace("java", "java.io.FileNotFoundException", "/etc/app.properties (No such file or directory)",
                        List.of("com.acme.Main.main")));
        Verdict verdict = triage.judge(event).orElseThrow();
        assertThat(verdict.rule().id()).isEqualTo("crash.uncaught-exception");
    }

    @Test
    void tracebackPrintedByThePythonInterpreterIsACrash() {
        LogEvent event = new LogEvent(Instant.EPOCH, LogStream.STDERR, Level.ERROR, "KeyError: 'customer_id'",
                List.of("Traceback (most recent call last):", "  File \"/app/app.py\", line 26, in load",
                        "    return record[\"customer_id\"]", "KeyError: 'customer_id'"),
                new StackTrace("python", "KeyError", "'customer_id'", List.of("load (/app/app.py)")));
        assertThat(triage.judge(event)).map(v -> v.rule().id()).contains("crash.uncaught-exception");
    }

    @Test
    void stackTraceWithNoNamedCauseIsAnApplicationException() {
        LogEvent event = new LogEvent(Instant.EPOCH, LogStream.STDERR, Level.ERROR, "Unhandled request",
                List.of("Unhandled request", "com.acme.BillingFailure: card 4 declined", "\tat com.acme.Billing.charge"),
                new StackTrace("java", "com.acme.BillingFailure", "card 4 declined", List.of("com.acme.Billing.charge")));
        Verdict verdict = triage.judge(event).orElseThrow();
        assertThat(verdict.rule().id()).isEqualTo("exception.stack-trace");
        assertThat(verdict.rule().category()).isEqualTo(Category.APPLICATION_EXCEPTION);
        assertThat(verdict.severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void binaryBytesThatSpellAnErrorCodeAreNoIssueButALevelledLineInAnotherEncodingIs() {
        String garbage = "\uFFFD\uFFFD7\uFFFDq EIO \uFFFD\uFFFD\uFFFDz\uFFFD";
        assertThat(triage.judge(event(Level.UNKNOWN, garbage))).isEmpty();
        assertThat(triage.judge(event(Level.UNKNOWN, "read /data/blk: EIO"))).map(v -> v.rule().id()).contains("disk.io-error");
        // "数据库连接失败" written in GBK and read as UTF-8: the header still says ERROR.
        assertThat(triage.judge(event(Level.ERROR, "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD"))).isPresent();
    }

    private static LogEvent event(Level level, String message) {
        return new LogEvent(Instant.EPOCH, LogStream.STDOUT, level, message, List.of(message), null);
    }
}
