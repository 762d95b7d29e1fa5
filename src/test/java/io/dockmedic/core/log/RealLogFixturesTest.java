package io.dockmedic.core.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Levels and events over logs captured from real PostgreSQL, Redis, nginx, JVM, Python and Go programs
 * (src/test/resources/fixtures, described in its README).
 */
class RealLogFixturesTest {

    static Stream<String> allFixtures() {
        return Stream.of("postgres-clean", "postgres-faults", "redis-clean", "redis-rdb-save-failure",
                "redis-bad-config", "nginx-clean", "nginx-dead-upstream", "jvm-clean", "jvm-exceptions",
                "python-clean", "python-errors", "goapp-clean", "goapp-panic");
    }

    /** Assembles a fixture: each line is Docker's RFC 3339 timestamp, a space, and the program's line. */
    static List<LogEvent> assemble(String fixture) {
        List<LogEvent> events = new ArrayList<>();
        EventAssembler assembler = new EventAssembler(events::add);
        for (String line : lines(fixture)) {
            int space = line.indexOf(' ');
            // The fixtures merge stdout and stderr, so every line is read as one stream: the harder case.
            assembler.accept(new LogLine(Instant.parse(line.substring(0, space)), LogStream.STDOUT, line.substring(space + 1)));
        }
        assembler.flush();
        return events;
    }

    private static List<String> lines(String fixture) {
        try (InputStream in = RealLogFixturesTest.class.getResourceAsStream("/fixtures/" + fixture + ".log")) {
            assertThat(in).as(fixture).isNotNull();
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<LogEvent> problems(List<LogEvent> events) {
        return events.stream().filter(event -> event.level().isProblem()).toList();
    }

    private static List<LogEvent> containing(List<LogEvent> events, String text) {
        return events.stream().filter(event -> event.text().contains(text)).toList();
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void noEventStartsWithAContinuationLine(String fixture) {
        for (LogEvent event : assemble(fixture)) {
            String first = event.lines().get(0);
            assertThat(first).as(fixture).doesNotStartWith("\tat ").doesNotStartWith("Caused by:")
                    .doesNotStartWith("\t...").doesNotStartWith("goroutine ").doesNotStartWith("  File \"")
                    .doesNotStartWith("main.").doesNotContain("DETAIL:  ").doesNotContain("STATEMENT:  ");
        }
    }

    @ParameterizedTest
    @MethodSource("allFixtures")
    void everyNonBlankLineEndsUpInExactlyOneEvent(String fixture) {
        long nonBlank = lines(fixture).stream().map(line -> line.substring(line.indexOf(' ') + 1))
                .filter(text -> !text.isBlank()).count();
        long kept = assemble(fixture).stream().flatMap(event -> event.lines().stream())
                .filter(text -> !text.isBlank()).count();

        assertThat(kept).isEqualTo(nonBlank);
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgres-clean", "nginx-clean", "jvm-clean", "python-clean", "goapp-clean"})
    void cleanRunsHaveNoProblemLevelEvents(String fixture) {
        assertThat(problems(assemble(fixture))).isEmpty();
    }

    @Test
    void benignLinesFullOfAlarmWordsAreRoutine() {
        for (String fixture : List.of("jvm-clean", "python-clean", "goapp-clean")) {
            List<LogEvent> alarming = containing(assemble(fixture), "errors=0");
            assertThat(alarming).as(fixture).isNotEmpty().allSatisfy(event -> assertThat(event.level()).isEqualTo(Level.INFO));
        }
    }

    @Test
    void postgresContinuationLinesJoinTheirErrors() {
        List<LogEvent> events = assemble("postgres-faults");

        List<LogEvent> password = containing(events, "password authentication failed for user \"postgres\"");
        assertThat(password).hasSize(3).allSatisfy(event -> {
            assertThat(event.level()).isEqualTo(Level.FATAL);
            assertThat(event.message()).isEqualTo("password authentication failed for user \"postgres\"");
            assertThat(event.text()).contains("DETAIL:  Connection matched pg_hba.conf line 87");
        });
        assertThat(containing(events, "database \"inventory\" does not exist")).hasSize(2)
                .allSatisfy(event -> assertThat(event.level()).isEqualTo(Level.FATAL));
        assertThat(containing(events, "relation \"order_items\" does not exist")).hasSize(4).allSatisfy(event -> {
            assertThat(event.level()).isEqualTo(Level.ERROR);
            assertThat(event.text()).contains("STATEMENT:  SELECT * FROM order_items WHERE id = ");
        });
        assertThat(containing(events, "duplicate key value violates unique constraint \"accounts_pkey\"")).hasSize(3)
                .allSatisfy(event -> assertThat(event.text()).contains("DETAIL:  Key (id)=(").contains("STATEMENT:  INSERT"));
        assertThat(problems(events)).hasSize(12);
        assertThat(containing(events, "LOG:  ")).allSatisfy(event -> assertThat(event.level()).isEqualTo(Level.INFO));
    }

    @Test
    void redisMarkersGiveLevelsAndSignalLinesAreRoutine() {
        List<LogEvent> events = assemble("redis-rdb-save-failure");

        assertThat(containing(events, "Failed opening the temp RDB file")).hasSize(4)
                .allSatisfy(event -> assertThat(event.level()).isEqualTo(Level.WARN));
        assertThat(containing(events, "Background saving started by pid")).hasSize(4)
                .allSatisfy(event -> assertThat(event.level()).isEqualTo(Level.NOTICE));
        assertThat(containing(events, "Received SIGTERM")).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(Level.NOTICE);
            assertThat(event.message()).isEqualTo("Received SIGTERM scheduling shutdown...");
        });
    }

    @Test
    void redisConfigErrorReportIsOneFatalEvent() {
        List<LogEvent> events = assemble("redis-bad-config");

        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(Level.FATAL);
            assertThat(event.message()).isEqualTo("FATAL CONFIG FILE ERROR (Redis 7.0.15)");
            assertThat(event.lines()).hasSize(4);
            assertThat(event.lines().get(3)).startsWith("argument(s) must be one of the following");
        });
    }

    @Test
    void nginxErrorsCarryTheirLevelAndAccessLinesStayOutOfTheWay() {
        List<LogEvent> events = assemble("nginx-dead-upstream");

        assertThat(containing(events, "connect() failed (111: Connection refused) while connecting to upstream"))
                .hasSize(5).allSatisfy(event -> {
                    assertThat(event.level()).isEqualTo(Level.ERROR);
                    assertThat(event.message()).startsWith("connect() failed (111: Connection refused)");
                });
        assertThat(containing(events, "\"GET /api/orders/")).filteredOn(event -> event.text().contains("\" 502 "))
                .hasSize(5).allSatisfy(event -> assertThat(event.level()).isEqualTo(Level.UNKNOWN));
        assertThat(containing(events, "\" 200 ")).allSatisfy(event -> assertThat(event.level()).isEqualTo(Level.INFO));
        assertThat(containing(events, "[notice]")).allSatisfy(event -> assertThat(event.level()).isEqualTo(Level.NOTICE));
    }

    @Test
    void loggedJavaExceptionsAreWholeEventsWithOneStackTrace() {
        List<LogEvent> events = assemble("jvm-exceptions");

        List<LogEvent> orders = containing(events, "could not reserve stock for order");
        assertThat(orders).hasSize(4).allSatisfy(event -> {
            assertThat(event.level()).isEqualTo(Level.ERROR);
            assertThat(event.message()).matches("order \\d+ failed");
            assertThat(event.text()).contains("java.lang.IllegalStateException: ", "Caused by: java.util.concurrent.TimeoutException",
                    "\t... 1 more");
            assertThat(event.stackTrace().exceptionType()).isEqualTo("java.util.concurrent.TimeoutException");
        });
        assertThat(orders).extracting(event -> event.stackTrace().topFrames()).containsOnly(orders.get(0).stackTrace().topFrames());
        assertThat(containing(events, "inventory lookup took")).hasSize(3)
                .allSatisfy(event -> assertThat(event.level()).isEqualTo(Level.WARN));
    }

    @Test
    void uncaughtJavaExceptionAfterAnInfoLineIsItsOwnErrorEvent() {
        List<LogEvent> events = assemble("jvm-exceptions");

        assertThat(containing(events, "reloading configuration")).singleElement()
                .satisfies(event -> assertThat(event.lines()).hasSize(1));
        assertThat(containing(events, "Exception in thread \"main\"")).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(Level.ERROR);
            assertThat(event.lines().get(0)).startsWith("Exception in thread \"main\" java.lang.IllegalStateException");
            assertThat(event.text()).contains("Caused by: java.io.UncheckedIOException",
                    "Caused by: java.io.FileNotFoundException: /etc/orders/orders.properties", "java.base/java.io.FileInputStream");
            assertThat(event.lines().get(event.lines().size() - 1)).isEqualTo("\t... 1 more");
            assertThat(event.stackTrace().exceptionType()).isEqualTo("java.io.FileNotFoundException");
        });
    }

    @Test
    void pythonLoggedTracebacksAndTheUncaughtOneAreSeparateWholeEvents() {
        List<LogEvent> events = assemble("python-errors");

        assertThat(containing(events, "payment provider rejected invoice")).hasSize(2).allSatisfy(event -> {
            assertThat(event.level()).isEqualTo(Level.ERROR);
            assertThat(event.message()).matches("payment provider rejected invoice \\d+");
            assertThat(event.lines().get(1)).isEqualTo("Traceback (most recent call last):");
            assertThat(event.lines().get(event.lines().size() - 1)).startsWith("PaymentDeclined: card declined for invoice");
            assertThat(event.stackTrace().exceptionType()).isEqualTo("PaymentDeclined");
        });
        assertThat(containing(events, "importing customer records")).singleElement()
                .satisfies(event -> assertThat(event.level()).isEqualTo(Level.INFO));
        assertThat(containing(events, "KeyError: 'customer_id'")).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(Level.ERROR);
            assertThat(event.message()).isEqualTo("KeyError: 'customer_id'");
            assertThat(event.lines().get(0)).isEqualTo("Traceback (most recent call last):");
            assertThat(event.text()).contains("~~~~~~^^^^^^^^^^^^^^^");
            assertThat(event.stackTrace().topFrames()).first().isEqualTo("load_customer (/app/app.py)");
        });
        assertThat(containing(events, "card declined by issuer")).hasSize(5)
                .allSatisfy(event -> assertThat(event.level()).isEqualTo(Level.ERROR));
    }

    @Test
    void goPanicIsOneEventAcrossItsBlankLine() {
        List<LogEvent> events = assemble("goapp-panic");

        assertThat(containing(events, "panic: runtime error: index out of range")).singleElement().satisfies(event -> {
            assertThat(event.level()).isEqualTo(Level.FATAL);
            assertThat(event.text()).contains("goroutine 1 [running]:", "main.rebalance(...)", "main.main()", "main.go:");
            assertThat(event.stackTrace().topFrames()).containsExactly("main.rebalance", "main.main");
        });
        assertThat(containing(events, "sync with peer failed")).hasSize(4).allSatisfy(event -> {
            assertThat(event.level()).isEqualTo(Level.ERROR);
            assertThat(event.message()).isEqualTo("sync with peer failed: dial tcp 127.0.0.1:7000: connect: connection refused");
        });
        assertThat(containing(events, "sync retried")).hasSize(2)
                .allSatisfy(event -> assertThat(event.level()).isEqualTo(Level.WARN));
    }
}
