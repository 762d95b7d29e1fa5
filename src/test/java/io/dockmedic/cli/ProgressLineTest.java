package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dockmedic.core.container.ContainerInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    private static final ContainerInfo WEB = new ContainerInfo("id", "web", "img", Map.of(), null);

    private final StringWriter text = new StringWriter();
    private long now;

    private ProgressLine progress(boolean terminal) {
        return new ProgressLine(new PrintWriter(text), terminal, () -> now);
    }

    @Test
    void onATerminalOneLineIsRewrittenInPlaceAndErasedAtTheEnd() {
        ProgressLine progress = progress(true);
        progress.containerStarted(WEB, 2, 5);
        now += Duration.ofSeconds(1).toNanos();
        progress.linesRead(WEB, 100_000);
        now += Duration.ofSeconds(1).toNanos();
        progress.linesRead(WEB, 1_200_000);
        progress.clear();

        assertThat(text.toString()).isEqualTo("\rreading web (2/5): 100,000 lines"
                + "\rreading web (2/5): 1,200,000 lines"
                + "\r" + " ".repeat("reading web (2/5): 1,200,000 lines".length()) + "\r");
    }

    @Test
    void elsewhereItPrintsRarelySoLogsStayShort() {
        ProgressLine progress = progress(false);
        progress.containerStarted(WEB, 1, 1);
        for (int i = 1; i <= 30; i++) {
            now += Duration.ofSeconds(1).toNanos();
            progress.linesRead(WEB, i * 100_000L);
        }
        progress.clear();

        assertThat(text.toString().lines()).containsExactly(
                "reading web (1/1): 1,000,000 lines",
                "reading web (1/1): 2,000,000 lines",
                "reading web (1/1): 3,000,000 lines");
    }

    @Test
    void aQuickScanPrintsNothing() {
        ProgressLine progress = progress(true);
        progress.containerStarted(WEB, 1, 1);
        now += Duration.ofMillis(50).toNanos();
        progress.linesRead(WEB, 100_000);
        progress.clear();

        assertThat(text.toString()).isEmpty();
    }
}
