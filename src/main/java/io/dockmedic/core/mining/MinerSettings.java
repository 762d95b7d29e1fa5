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

    /** Templates kept at most, whatever the heap. */
    public static final int MAX_CAPACITY = 10_000;
    /** Templates kept at least, however small the heap. */
    public static final int MIN_CAPACITY = 500;
    /**
     * Heap allowed per template of the capacity: the miner evicts once its templates' estimated size
     * passes {@code capacity * BYTES_PER_TEMPLATE}, so a flood of long distinct messages cannot fill the heap.
     */
    public static final int BYTES_PER_TEMPLATE = 2048;

    /** The one generic configuration, its capacity sized from this JVM's maximum heap ({@link #forHeap}). */
    public static final MinerSettings DEFAULT = forHeap(Runtime.getRuntime().maxMemory());

    /**
     * The generic configuration for a heap of {@code maxHeapBytes}: templates take at most an eighth of it
     * ({@link #BYTES_PER_TEMPLATE} each), between {@link #MIN_CAPACITY} and {@link #MAX_CAPACITY}
     * templates (10,000 from a 160 MiB heap up; 4,096 at 64 MiB).
     */
    public static MinerSettings forHeap(long maxHeapBytes) {
        long capacity = maxHeapBytes / 8 / BYTES_PER_TEMPLATE;
        return new MinerSettings((int) Math.max(MIN_CAPACITY, Math.min(MAX_CAPACITY, capacity)), 64, 100);
    }

    /** The estimated bytes of templates above which the least recently used unpinned ones are evicted. */
    public long byteBudget() {
        return (long) capacity * BYTES_PER_TEMPLATE;
    }

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
