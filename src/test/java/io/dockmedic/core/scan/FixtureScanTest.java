package io.dockmedic.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.issue.Issue;
import io.dockmedic.fixtures.FixtureGroundTruth;
import io.dockmedic.fixtures.FixtureGroundTruth.ExpectedIssue;
import io.dockmedic.fixtures.FixtureGroundTruth.Fixture;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The samples of issues found in the logs captured from real software hold whole events: a stack trace,
 * a traceback, a panic or a PostgreSQL error with its DETAIL and STATEMENT lines, as the fixtures' README
 * says ("excerpt also holds"), and never start at one of its continuation lines. Which issues are found,
 * and how often, is {@code ScanSavedLogsTest}'s job.
 */
class FixtureScanTest {

    /**
     * Lines that only continue an event: Java, Go, Python, Ruby, Rust, Erlang, Elixir and Perl frames, causes,
     * PostgreSQL's detail lines, a sanitizer's frames and summary, and a shell's report of the signal that
     * ended a program whose C library already said why.
     */
    private static final String CONTINUATION = "\\s*(at |Caused by:|\\.\\.\\. \\d+ more|goroutine |File \"|DETAIL:"
            + "|STATEMENT:|HINT:|from \\S+:\\d+:in |stack backtrace:|note: |\\d+: |in (?:function|call from) "
            + "|\\{badarith|Function: |Args: |\\S+ called at |#\\d+ 0x|SUMMARY: |Shadow byte|allocated by |what\\(\\):"
            + "|\\S+: line \\d+: +\\d+ Aborted).*";

    static List<Fixture> fixtures() {
        return FixtureGroundTruth.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void issueSamplesHoldTheirWholeEvent(Fixture fixture) throws URISyntaxException {
        List<Issue> issues = scan(fixture);

        SoftAssertions soft = new SoftAssertions();
        for (ExpectedIssue expected : fixture.issues()) {
            for (Issue issue : issues) {
                if (issue.firstSample().contains(expected.match())) {
                    soft.assertThat(expected.missingFrom(issue.firstSample()))
                            .as("%s #%s: what the first sample lacks of%n%s", fixture, expected.id(), issue.firstSample())
                            .isEmpty();
                    soft.assertThat(expected.missingFrom(issue.lastSample()))
                            .as("%s #%s: what the last sample lacks of%n%s", fixture, expected.id(), issue.lastSample())
                            .isEmpty();
                }
            }
        }
        for (Issue issue : issues) {
            String firstLine = issue.firstSample().lines().findFirst().orElse("");
            soft.assertThat(firstLine).as("%s: an issue starting at a continuation line", fixture)
                    .doesNotMatch(CONTINUATION);
        }
        soft.assertAll();
    }

    private List<Issue> scan(Fixture fixture) throws URISyntaxException {
        InMemoryContainerRuntime runtime = new InMemoryContainerRuntime();
        String name = fixture.file().replace(".log", "");
        runtime.add(new ContainerInfo("id-" + name, name, "local/" + name, Map.of(), null));
        runtime.logFile("id-" + name, Path.of(getClass().getResource(fixture.resource()).toURI()));
        return new Scanner(ScanPolicy.defaults()).scan(runtime, new ScanRequest(null, null, null), ScanListener.NONE)
                .issues();
    }
}
