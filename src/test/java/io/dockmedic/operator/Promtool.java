package io.dockmedic.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus's promtool (Debian's {@code prometheus} package, installed by scripts/setup-tools.sh).
 * Absent locally, the calling test is skipped with the command that installs it; on CI ({@code CI} set)
 * it fails instead.
 */
final class Promtool {

    /** What one run printed, and how it ended. */
    record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** The binary named {@code name} on the PATH; skips or fails the test when it is missing. */
    static Path require(String name) {
        Optional<Path> found = onPath(name);
        String install = "apt-get install --no-install-recommends prometheus (or scripts/setup-tools.sh as root)";
        if (System.getenv("CI") != null) {
            assertThat(found).as(name + " is missing on CI; " + install).isPresent();
        }
        assumeTrue(found.isPresent(), name + " is not installed, test skipped; install it with: " + install);
        return found.get();
    }

    /** Runs {@code promtool ARGS}, feeding {@code stdin} (may be null). */
    static Result run(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(require("promtool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("promtool finished").isTrue();
        return new Result(process.exitValue(), output);
    }

    private static Optional<Path> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
