package io.dockmedic.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.container.ContainerInfo;
import io.dockmedic.core.container.ContainerSelector;
import io.dockmedic.core.container.ContainerState;
import io.dockmedic.core.mining.TemplateMiner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Lines a hostile or broken writer produces, end to end through a scan. */
class HostileLinesScanTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final InMemoryContainerRuntime runtime = new InMemoryContainerRuntime();

    @Test
    void theExcerptOfATenMegabyteLineSaysHowMuchWasReallyLeftOut() {
        String head = "2025-03-01 10:00:00,100 ERROR [app] payload rejected: ";
        String line = head + "x".repeat(10_000_000 - head.length());
        runtime.add(container());
        runtime.log("c1", T0, line);

        ScanReport report = scan();

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            String sample = issue.lastSample();
            long more = Long.parseLong(sample.replaceAll("(?s).*\\[(\\d+) more characters]$", "$1"));
            long kept = sample.length() - sample.substring(sample.lastIndexOf("\n... [")).length();
            assertThat(kept + more).as("kept + left out = the line").isEqualTo(line.length());
        });
    }

    @Test
    void nulBytesAreDroppedSoRulesStillMatch() {
        runtime.add(container());
        runtime.log("c1", T0, "2025-03-01 10:00:00,100 ERROR [app] could not con\u0000nect to server: Connection refused");

        ScanReport report = scan();

        assertThat(report.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.ruleId()).isEqualTo("db.connection-refused");
            assertThat(issue.lastSample()).endsWith("could not connect to server: Connection refused");
        });
    }

    private ScanReport scan() {
        return new Scanner(ScanPolicy.defaults(), new TemplateMiner(), Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC))
                .scan(runtime, new ScanRequest(ContainerSelector.all(), null, null), ScanListener.NONE);
    }

    private static ContainerInfo container() {
        return new ContainerInfo("c1", "api", "img/api", Map.of(), new ContainerState("running", 0, false, 0, null, 0,
                null, T0.minusSeconds(30), null, null));
    }
}
