package io.dockmedic.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Huge, binary and malformed input: never thrown on, always bounded, always marked when cut. */
class HostileInputTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    private final LevelDetector detector = new LevelDetector();
    private final List<LogEvent> events = new ArrayList<>();
    private final EventAssembler assembler = new EventAssembler(events::add);

    private void feed(String... lines) {
        for (String line : lines) {
            assembler.accept(new LogLine(T0, LogStream.STDOUT, line));
        }
    }

    @Test
    void hugeLineIsCutAndMarkedButKeepsItsLevel() {
        String huge = "2026-11-27 10:00:00 ERROR payload rejected: " + "x".repeat(5_000_000);

        feed(huge);
        assembler.flush();

        LogEvent event = events.get(0);
        assertThat(event.level()).isEqualTo(Level.ERROR);
        assertThat(event.message()).startsWith("payload rejected: xxx").contains("chars]")
                .hasSizeLessThan(LevelDetector.MAX_MESSAGE + 40);
        assertThat(event.lines().get(0)).hasSizeLessThan(EventAssembler.MAX_LINE_CHARS + 40)
                .endsWith(" …[+" + (huge.length() - EventAssembler.MAX_LINE_CHARS) + " chars]");
    }

    @Test
    void hugeJsonLineStillYieldsItsLevel() {
        String json = "{\"level\":\"error\",\"msg\":\"" + "y".repeat(3_000_000) + "\",\"ts\":1}";

        ParsedLine parsed = detector.parse(json);

        assertThat(parsed.level()).isEqualTo(Level.ERROR);
        assertThat(parsed.message()).hasSizeLessThan(LevelDetector.MAX_MESSAGE + 40);
    }

    @Test
    void controlCharactersAndBinaryBytesAreReplacedNotKept() {
        feed("ERROR bad\u0000byte\u0007bell\u0085next\u001b(B end\u007f");
        assembler.flush();

        LogEvent event = events.get(0);
        assertThat(event.level()).isEqualTo(Level.ERROR);
        assertThat(event.lines().get(0)).doesNotContainPattern("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]");
        assertThat(event.message()).as("NUL is dropped, other controls replaced")
                .isEqualTo("badbyte\uFFFDbell\uFFFDnext end\uFFFD");
    }

    @Test
    void ansiColoursAreRemovedFromLinesAndMessages() {
        feed("\u001b[1;31mERROR\u001b[0m \u001b]0;title\u0007disk full");
        assembler.flush();

        assertThat(events.get(0).lines()).containsExactly("ERROR disk full");
        assertThat(events.get(0).message()).isEqualTo("disk full");
    }

    @Test
    void loneSurrogatesAreReplacedAndPairsKept() {
        feed("ERROR half \uD83D pair \uD83D\uDE00 low \uDE00");
        assembler.flush();

        assertThat(events.get(0).message()).isEqualTo("half \uFFFD pair \uD83D\uDE00 low \uFFFD");
    }

    @Test
    void crlfLineEndingsAreDropped() {
        feed("2026-11-27 10:00:00 ERROR failed\r", "\tat com.example.A.b(A.java:1)\r");
        assembler.flush();

        assertThat(events.get(0).lines()).containsExactly("2026-11-27 10:00:00 ERROR failed", "\tat com.example.A.b(A.java:1)");
        assertThat(events.get(0).message()).isEqualTo("failed");
    }

    @Test
    void runawayTraceIsCappedKeepingItsHeadItsRootCauseAndTheCount() {
        List<String> lines = new ArrayList<>();
        lines.add("Exception in thread \"main\" java.lang.StackOverflowError");
        for (int i = 0; i < 10_000; i++) {
            lines.add("\tat com.example.Recursive.call(Recursive.java:" + (i % 7) + ")");
        }
        lines.add("Caused by: java.lang.IllegalStateException: depth exceeded");
        lines.add("\tat com.example.Guard.check(Guard.java:3)");
        lines.add("\t... 10000 more");
        feed(lines.toArray(String[]::new));
        feed("next event");
        assembler.flush();

        assertThat(events).hasSize(2);
        LogEvent trace = events.get(0);
        assertThat(trace.lines()).hasSize(EventAssembler.MAX_LINES + 1);
        assertThat(trace.omittedLines()).isEqualTo(lines.size() - EventAssembler.MAX_LINES);
        assertThat(trace.truncated()).isTrue();
        assertThat(trace.lines()).contains("… [" + trace.omittedLines() + " lines omitted]");
        assertThat(trace.lines().get(trace.lines().size() - 1)).isEqualTo("\t... 10000 more");
        assertThat(trace.stackTrace().exceptionType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(trace.stackTrace().topFrames()).containsExactly("com.example.Guard.check");
        assertThat(trace.level()).isEqualTo(Level.ERROR);
    }

    @Test
    void eventOfLongLinesIsCappedInCharacters() {
        feed("ERROR dump follows");
        for (int i = 0; i < 500; i++) {
            feed("    " + "z".repeat(4000));
        }
        assembler.flush();

        LogEvent event = events.get(0);
        int chars = event.lines().stream().mapToInt(String::length).sum();
        assertThat(chars).isLessThanOrEqualTo(EventAssembler.MAX_CHARS + 100);
        assertThat(event.omittedLines() + event.lines().size() - 1).isEqualTo(501);
    }

    @Test
    void randomGarbageNeverThrowsAndYieldsCleanMessages() {
        Random random = new Random(20261127);
        String alphabet = "{}[]<>\"\\:=-_ ./|#*0123456789abcdefERRORINFOWARNT\t\u0000\u001b\r\n\uD800\uDC00\u00e9";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder line = new StringBuilder();
            int length = random.nextInt(120);
            for (int i = 0; i < length; i++) {
                line.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = line.toString();
            LogStream stream = random.nextBoolean() ? LogStream.STDOUT : LogStream.STDERR;
            assertThatCode(() -> {
                ParsedLine parsed = detector.parse(text);
                assertThat(parsed.message()).doesNotContainPattern("[\\x00-\\x08\\x0a-\\x1f]");
                assembler.accept(new LogLine(T0.plusMillis(random.nextInt(5000)), stream, text));
            }).as(text).doesNotThrowAnyException();
        }
        assembler.flush();
        assertThat(events).isNotEmpty();
    }

    @Test
    void truncatedStructuredLinesNeverThrow() {
        String[] prefixes = {
            "{\"level\":\"error\",\"msg\":\"cut here", "{\"level\":", "{\"a\":{\"b\":[1,2,{\"c\":\"", "{\"msg\":\"\\u12",
            "level=error msg=\"unterminated", "<999>x", "<13", "E1127 10:00", "2026-11-27T10:00:00", "[unclosed",
            "1:M 27 Nov", "10.0.0.1 - - [27/Nov/2026:10:00:00 +0000] \"GET", "2026-11-27 10:00:00.123 UTC [1] DETAIL:  ",
        };
        for (String prefix : prefixes) {
            for (int cut = 0; cut <= prefix.length(); cut++) {
                String text = prefix.substring(0, cut);
                assertThatCode(() -> detector.parse(text)).as(text).doesNotThrowAnyException();
                assertThatCode(() -> feed(text)).as(text).doesNotThrowAnyException();
            }
        }
    }
}
