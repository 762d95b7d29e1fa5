package io.dockmedic.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SinceTest {

    private static final Instant NOW = Instant.parse("2024-05-10T12:00:00Z");

    @Test
    void durationsCountBackFromNow() {
        assertThat(Since.parse("90s", NOW)).isEqualTo(NOW.minusSeconds(90));
        assertThat(Since.parse("30m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
        assertThat(Since.parse("24h", NOW)).isEqualTo(NOW.minus(Duration.ofHours(24)));
        assertThat(Since.parse("7d", NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(Since.parse("2w", NOW)).isEqualTo(NOW.minus(Duration.ofDays(14)));
        assertThat(Since.parse("1h30m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
    }

    @Test
    void isoTimesAreAbsoluteAndUtcUnlessTheySayOtherwise() {
        assertThat(Since.parse("2024-05-01T10:00:00Z", NOW)).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(Since.parse("2024-05-01T12:00:00+02:00", NOW)).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(Since.parse("2024-05-01T10:00:00", NOW)).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
        assertThat(Since.parse("2024-05-01", NOW)).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    }

    @Test
    void anythingElseIsRejectedWithAnExample() {
        assertThatThrownBy(() -> Since.parse("yesterday", NOW))
                .hasMessage("expected a duration like 30m, 24h or 7d, or an ISO-8601 time like 2024-05-01T10:00:00Z, not 'yesterday'");
        assertThatThrownBy(() -> Since.parse("10x", NOW)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Since.parse("99999999999999999999d", NOW)).isInstanceOf(IllegalArgumentException.class);
    }
}
