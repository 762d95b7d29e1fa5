package io.dockmedic.core.fix;

import java.time.Duration;
import java.util.List;

/**
 * What dockmedic does to fix an issue, built from the spec alone: nothing from a log line or a template
 * ever becomes part of it.
 *
 * @param kind restart or exec
 * @param argv for exec, the command and its arguments; no shell unless the spec names one as argv[0]
 * @param container for exec, the container to run in, or null for the issue's own container
 * @param user for exec, the user, or null for the container's default
 * @param timeout how long the action may take
 * @param expectedExitCode for exec, the exit code that means success
 * @param outputLimit for exec, how many characters of its output are kept
 */
public record FixAction(Kind kind, List<String> argv, String container, String user, Duration timeout,
        int expectedExitCode, int outputLimit) {

    /** Default time an action may take. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Default output kept from an exec. */
    public static final int DEFAULT_OUTPUT_LIMIT = 4096;

    /** The two kinds of automatic fix. */
    public enum Kind {
        RESTART("restart"),
        EXEC("exec");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public FixAction {
        argv = argv == null ? List.of() : List.copyOf(argv);
        if (kind == Kind.EXEC && argv.isEmpty()) {
            throw new IllegalArgumentException("an exec action needs argv");
        }
    }

    /** A restart of the container. */
    public static FixAction restart(Duration timeout) {
        return new FixAction(Kind.RESTART, List.of(), null, null, timeout, 0, 0);
    }
}
