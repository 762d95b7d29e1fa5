package io.dockmedic.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dockmedic.core.log.EventAssembler;
import io.dockmedic.core.log.LogEvent;
import io.dockmedic.core.log.LogLine;
import io.dockmedic.core.log.LogStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Keyword prefilters derived from the rules' patterns: every alternative of every built-in rule is
 * reachable through its keywords, and the prefilter never hides a match that the patterns alone find.
 */
class PrefilterTest {

    private final RuleCatalog catalog = RuleCatalog.builtIn();

    @Test
    void everyAlternativeOfEveryBuiltInRuleIsReachableThroughItsKeywords() {
        SoftAssertions soft = new SoftAssertions();
        for (Rule rule : catalog.rules()) {
            if (rule.pattern() == null || rule.id().startsWith("level.")) {
                continue;
            }
            soft.assertThat(rule.keywords()).as("%s has keywords (else it runs on every event)", rule.id()).isNotEmpty();
            for (String alternative : Prefilter.alternatives(rule.pattern().expression())) {
                Set<String> literals = Prefilter.literalsOf(alternative);
                soft.assertThat(literals).as("%s: a literal every match of /%s/ holds", rule.id(), alternative).isNotNull();
                if (literals == null) {
                    continue;
                }
                for (String literal : literals) {
                    soft.assertThat(rule.keywords().stream().anyMatch(literal::contains))
                            .as("%s: /%s/ matches text holding '%s', which holds none of its keywords %s", rule.id(),
                                    alternative, literal, rule.keywords())
                            .isTrue();
                }
            }
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "{1}: {0}")
    @CsvSource(delimiter = '|', value = {
        // Alternatives that hand-written keyword lists could never reach
        "Error: request time-out exceeded                                      | timeout.generic",
        "org.springframework.jdbc.CannotGetJdbcConnectionException: Could not get JDBC Connection | db.connection-refused",
        "BTRFS error (device sda1): bdev /dev/sda1 errs: wr 0, rd 1, flush 0   | disk.io-error",
        "EXT4 error (device dm-0): htree_dirblock_to_tree:1080: inode #2: comm ls | disk.io-error",
        "Login was rejected for user bob                                       | auth.invalid-credentials",
        "Error moving temp DB file temp-12.rdb on the final destination dump.rdb (in server root dir /data): Permission denied | disk.redis-persistence",
        "upstream connect error or disconnect/reset before headers. reset reason: overflow | net.upstream-unreachable",
        "invalid yml in /etc/app/app.yml                                       | config.bad-yaml",
        "the property spring.datasource.url must be specified                  | config.invalid",
        "javax.net.ssl.SSLPeerUnverifiedException: no subject alternative names match host db | tls.verification-failed"})
    void alternativesThatHandWrittenKeywordsMissedNowMatch(String message, String rule) {
        assertThat(catalog.match(message.strip(), false, false)).map(Rule::id).contains(rule);
    }

    @Test
    void thePrefilterNeverHidesAMatchThePatternsFind() throws IOException, URISyntaxException {
        List<String> texts = new ArrayList<>(realTexts());
        // Real texts cut at random places, glued to others and in other cases: matches the rules' authors
        // never looked at.
        Random random = new Random(42);
        List<String> pieces = new ArrayList<>(texts);
        for (int i = 0; i < 1_500; i++) {
            String a = pieces.get(random.nextInt(pieces.size()));
            String b = pieces.get(random.nextInt(pieces.size()));
            String glued = a.substring(random.nextInt(a.length() + 1)) + " " + b.substring(0, random.nextInt(b.length() + 1));
            texts.add(random.nextBoolean() ? glued.toUpperCase() : glued);
        }
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            boolean trace = i % 2 == 1; // the scope test is the same with or without the prefilter
            soft.assertThat(catalog.match(text, trace, true)).as("rule for '%s'", text).isEqualTo(bruteForce(text, trace));
        }
        soft.assertAll();
    }

    @ParameterizedTest(name = "/{0}/")
    @CsvSource(delimiterString = " => ", value = {
        "connection (?:to \\S{1,100} )?(?:was )?refused => refused",
        "\\b(?:EXT[234]|XFS)(?:-fs)? error => ext2-fs error,ext2 error,ext3-fs error,ext3 error,ext4-fs error,ext4 error,xfs-fs error,xfs error",
        "(?-i:\\bEIO\\b)|input/output error => eio,input/output error",
        "colou?r => colour,color",
        "\\b(?:status|code)\\W{1,3}40[13]\\b => 401,403",
        "\\d+ ms => ' ms'"})
    void keywordsAreTheMostSelectiveLiteralsEveryMatchHolds(String regex, String expected) {
        assertThat(Prefilter.keywords(regex)).containsExactlyInAnyOrder(expected.split(","));
    }

    @Test
    void aPatternThatGuaranteesNoLiteralGetsNoKeywords() {
        assertThat(Prefilter.keywords("\\d+|\\w+\\s\\S+")).isEmpty();
        assertThat(Prefilter.keywords("(?:timeout)?\\d+")).isEmpty();
    }

    @Test
    void syntaxItDoesNotReadIsAnErrorNotASilentLossOfTheFilter() {
        assertThatThrownBy(() -> Prefilter.keywords("\\p{Alpha}+ failed")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("\\p");
        assertThatThrownBy(() -> Prefilter.keywords("(unclosed")).hasMessageContaining("unclosed '('");
        assertThatThrownBy(() -> Prefilter.keywords("a)b")).hasMessageContaining("unbalanced ')'");
    }

    /** The first rule, in catalogue order, whose scope admits the text and whose pattern (or keyword) is found. */
    private Optional<Rule> bruteForce(String text, boolean trace) {
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        for (Rule rule : catalog.rules()) {
            boolean inScope = rule.scope() != Rule.Scope.STACK_TRACES || trace;
            boolean found = rule.pattern() != null ? rule.pattern().find(text)
                    : rule.keywords().isEmpty() || rule.keywords().stream().anyMatch(lower::contains);
            if (inScope && found) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** The messages of the real-world table and of every captured fixture, as a scan sees them. */
    private static List<String> realTexts() throws IOException, URISyntaxException {
        List<String> texts = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        try (InputStream in = PrefilterTest.class.getResourceAsStream("/rules/real-world-messages.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int bar = line.indexOf(" | ");
                if (!line.startsWith("#") && bar > 0) {
                    lines.addAll(List.of(line.substring(bar + 3).split(" ⏎ ")));
                }
            }
        }
        Path fixtures = Path.of(PrefilterTest.class.getResource("/fixtures/README.md").toURI()).getParent();
        try (Stream<Path> files = Files.list(fixtures)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    lines.add(line.substring(Math.min(line.length(), line.indexOf(' ') + 1)));
                }
            }
        }
        EventAssembler assembler = new EventAssembler(event -> texts.add(event.message()));
        for (String line : lines) {
            assembler.accept(new LogLine(Instant.EPOCH, LogStream.STDOUT, line));
        }
        assembler.flush();
        texts.removeIf(String::isEmpty);
        return texts;
    }
}
