package io.dockmedic.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DockerTimestampTest {

    private final DockerTimestamp timestamps = new DockerTimestamp();

    private Instant parse(String text) {
        byte[] bytes = ("xx" + text).getBytes(StandardCharsets.US_ASCII);
        return timestamps.parse(bytes, 2, bytes.length - 2);
    }

    @Test
    void readsDockersNanosecondUtcTimestamps() {
        assertThat(parse("2024-05-01T10:00:00.123456789Z")).isEqualTo(Instant.parse("2024-05-01T10:00:00.123456789Z"));
    }

    @Test
    void readsShorterFractionsAndWholeSeconds() {
        assertThat(parse("2024-05-01T10:00:00.5Z")).isEqualTo(Instant.parse("2024-05-01T10:00:00.500Z"));
        assertThat(parse("2024-05-01T10:00:00Z")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void readsOffsetsAsTheSameInstant() {
        assertThat(parse("2024-05-01T12:00:00.25+02:00")).isEqualTo(Instant.parse("2024-05-01T10:00:00.250Z"));
    }

    @Test
    void followsTheSecondsAcrossCachedValues() {
        assertThat(parse("2024-05-01T10:00:00.000000001Z")).isEqualTo(Instant.parse("2024-05-01T10:00:00.000000001Z"));
        assertThat(parse("2024-05-01T10:00:01.000000002Z")).isEqualTo(Instant.parse("2024-05-01T10:00:01.000000002Z"));
        assertThat(parse("2024-05-02T10:00:01.000000003Z")).isEqualTo(Instant.parse("2024-05-02T10:00:01.000000003Z"));
        assertThat(parse("2024-05-01T10:00:00.000000004Z")).isEqualTo(Instant.parse("2024-05-01T10:00:00.000000004Z"));
    }

    @Test
    void rejectsTextThatIsNotATimestamp() {
        assertThat(parse("hello world, this is not a time")).isNull();
        assertThat(parse("2024-13-45T99:00:00.000000000Z")).isNull();
        assertThat(parse("2024-05-01T10:00:00.1234567890Z")).isNull();
        assertThat(parse("2024-05-01")).isNull();
    }
}
