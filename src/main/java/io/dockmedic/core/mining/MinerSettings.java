package io.dockmedic.core.mining;

/**
 * Bounds of a {@link TemplateMiner}: how much it may remember and how much of a message it reads.
 *
 * @param capacity templates kept at most; beyond it the least recently used unpinned one is evicted
 *     (pinned templates are never evicted, so the count may exceed it while many are pinned)
 * @param maxTokens tokens of a message that are mined; the rest fold into one trailing {@code <*>}
 * @param maxTokenChars a token longer than this is masked as {@code <*>}: blobs, long lists and long URLs
 *     are data
 */
public record MinerSettings(int capacity, int maxTokens, int maxTokenChars) {

    /** The one generic configuration. */
    public static final MinerSettings DEFAULT = new MinerSettings(10_000, 64, 100);

    public MinerSettings {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        if (maxTokens < 2) {
            throw new IllegalArgumentException("maxTokens must be at least 2, was " + maxTokens);
        }
        if (maxTokenChars < 8) {
            throw new IllegalArgumentException("maxTokenChars must be at least 8, was " + maxTokenChars);
        }
    }
}
