package io.dockmedic.core.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Predicate;

/**
 * Names RemediationTasks: the audit's name, a dash and a short hash of the fingerprint, at most 63
 * characters so that the name is also a valid label value. The same (audit, fingerprint) always gets
 * the same name.
 */
public final class TaskNames {

    /** Longest name: a label value's limit, so that names can be used in label selectors. */
    public static final int MAX_LENGTH = 63;
    private static final int SHORT_HASH = 10;
    private static final int LONG_HASH = 16;
    private static final int AUDIT_PART = MAX_LENGTH - 1 - LONG_HASH;
    private static final int AUDIT_HASH = 6;

    private TaskNames() {
    }

    /**
     * The task name for {@code fingerprint} in {@code audit}. When another fingerprint already holds
     * the short name ({@code takenByOther}), a longer hash is used; 40 bits make that rare.
     */
    public static String of(String audit, String fingerprint, Predicate<String> takenByOther) {
        String prefix = auditLabel(audit);
        String hash = sha256(fingerprint);
        String name = prefix + "-" + hash.substring(0, SHORT_HASH);
        return takenByOther.test(name) ? prefix + "-" + hash.substring(0, LONG_HASH) : name;
    }

    /**
     * The value of the {@code dockmedic.io/audit} label: the audit's name, or for names longer than
     * {@value #AUDIT_PART} characters a prefix of it and a hash of the whole name.
     */
    public static String auditLabel(String audit) {
        if (audit.length() <= AUDIT_PART) {
            return audit;
        }
        String head = audit.substring(0, AUDIT_PART - 1 - AUDIT_HASH).replaceAll("[-.]+$", "");
        return head + "-" + sha256(audit).substring(0, AUDIT_HASH);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
