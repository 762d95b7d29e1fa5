package io.dockmedic.core.issue;

import io.dockmedic.core.log.StackTrace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Computes fingerprints: a short hash of the container identity and what identifies the problem, so that
 * repeats fold into one issue and the issue keeps its id across scans, restarts and container re-creation.
 *
 * <p>The kinds are hashed with distinct prefixes so a log template can never collide with a stack trace
 * or a state condition that happens to share its text.
 */
public final class Fingerprinter {

    /** Frames of a stack trace that take part in its fingerprint: enough to tell call sites apart. */
    public static final int TOP_FRAMES = 5;

    private Fingerprinter() {
    }

    /** A log issue: the container identity and the template id from the miner. */
    public static Fingerprint ofTemplate(String identity, String templateId, String template) {
        return new Fingerprint(hash("log", identity, templateId), template);
    }

    /**
     * A stack trace: identity, language, exception type and top frames, so the same crash with other
     * messages, ids or line numbers is one issue.
     */
    public static Fingerprint ofStackTrace(String identity, StackTrace trace) {
        List<String> frames = trace.topFrames().subList(0, Math.min(TOP_FRAMES, trace.topFrames().size()));
        String type = trace.exceptionType() == null || trace.exceptionType().isBlank() ? "unknown exception"
                : trace.exceptionType();
        String id = hash("trace", identity, String.valueOf(trace.language()), type, String.join("\n", frames));
        String template = frames.isEmpty() ? type : type + " at " + frames.get(0);
        return new Fingerprint(id, template);
    }

    /**
     * A container state condition such as {@code state.exited}: one issue per identity and condition, so an
     * exit with another code is another occurrence of the same issue; the template is shown, not hashed.
     */
    public static Fingerprint ofCondition(String identity, String condition, String template) {
        return new Fingerprint(hash("state", identity, condition), template);
    }

    private static String hash(String... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
        for (String part : parts) {
            digest.update(part.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 8);
    }
}
