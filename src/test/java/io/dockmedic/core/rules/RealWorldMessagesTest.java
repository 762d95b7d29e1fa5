package io.dockmedic.core.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.log.EventAssembler;
import io.dockmedic.core.log.LogEvent;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lines that databases, proxies, brokers, runtimes, sidecars and the kernel really write, each with the
 * category a scan must give it or "not an issue" (src/test/resources/rules/real-world-messages.txt). Each
 * line goes through level detection, event assembly and triage, as in a scan.
 */
class RealWorldMessagesTest {

    private static final String TABLE = "/rules/real-world-messages.txt";
    private static final String LINE_BREAK = " ⏎ ";
    private static final String NOT_AN_ISSUE = "-";

    private final EventTriage triage = new EventTriage(RuleCatalog.builtIn());

    /** One row of the table: a program's line and the categories it may get. */
    record Row(String program, int number, Set<String> expected, String line) {
        @Override
        public String toString() {
            String shown = line.length() > 110 ? line.substring(0, 110) + "..." : line;
            return program + " #" + number + ": " + shown;
        }
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        String program = "?";
        int number = 0;
        for (String text : readTable().split("\n")) {
            if (text.startsWith("## ")) {
                program = text.substring(3).strip();
            } else if (!text.isBlank() && !text.startsWith("#")) {
                int bar = text.indexOf(" | ");
                if (bar < 0) {
                    throw new IllegalStateException(TABLE + ": row without ' | ': " + text);
                }
                rows.add(new Row(program, ++number, Set.of(text.substring(0, bar).strip().split("/")),
                        text.substring(bar + 3)));
            }
        }
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRealLineGetsTheCategoryItsProblemHasOrNoneWhenItIsNoProblem(Row row) {
        LogEvent event = event(row.line());
        Verdict verdict = triage.judge(event).orElse(null);
        String category = verdict == null ? NOT_AN_ISSUE : verdict.rule().category().id();
        assertThat(category).as("%s%n  level %s, message '%s', rule %s", row, event.level(), event.message(),
                verdict == null ? "none" : verdict.rule().id()).isIn(row.expected());
    }

    @Test
    void everyBuiltInRuleExplainsSomeRealLine() {
        Set<String> used = new HashSet<>();
        for (Row row : rows()) {
            triage.judge(event(row.line())).ifPresent(v -> used.add(v.rule().id()));
        }
        List<String> unused = RuleCatalog.builtIn().rules().stream().map(Rule::id).filter(id -> !used.contains(id))
                .toList();
        assertThat(unused).as("built-in rules that explain no line of %s", TABLE).isEmpty();
    }

    /** The row's line as one event; a row that the assembler splits is a broken row, not a triage result. */
    private static LogEvent event(String line) {
        List<LogEvent> events = new ArrayList<>();
        EventAssembler assembler = new EventAssembler(events::add);
        for (String part : line.split(LINE_BREAK)) {
            assembler.accept(new LogLine(Instant.EPOCH, LogStream.STDOUT, part));
        }
        assembler.flush();
        assertThat(events).as("events assembled from: %s", line).hasSize(1);
        return events.get(0);
    }

    private static String readTable() {
        try (InputStream in = RealWorldMessagesTest.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
