package io.dockmedic.core.rules;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds, in one pass over a message, which rules have a keyword in it (an Aho-Corasick automaton over
 * lower-cased ASCII), so that no rule's regular expression runs on a message that cannot match it.
 */
final class KeywordIndex {

    /** Character class of each ASCII character; 0 for characters no keyword contains. */
    private final int[] classOf = new int[128];
    private final int width;
    /** Complete transition table: {@code next[state * width + class]}. */
    private final int[] next;
    /** Per state, the rules (as a bit set) whose keyword ends here, or null. */
    private final long[][] output;
    private final int words;

    /** @param keywordsByRule keywords of rule i at index i (lower-case ASCII) */
    KeywordIndex(List<List<String>> keywordsByRule) {
        this.words = Math.max(1, (keywordsByRule.size() + 63) / 64);
        int classes = 1;
        for (List<String> keywords : keywordsByRule) {
            for (String keyword : keywords) {
                for (char c : keyword.toCharArray()) {
                    if (classOf[c] == 0) {
                        classOf[c] = classes++;
                    }
                }
            }
        }
        this.width = classes;

        List<int[]> children = new ArrayList<>();
        List<long[]> outputs = new ArrayList<>();
        children.add(new int[width]);
        outputs.add(null);
        for (int rule = 0; rule < keywordsByRule.size(); rule++) {
            for (String keyword : keywordsByRule.get(rule)) {
                int state = 0;
                for (char c : keyword.toCharArray()) {
                    int k = classOf[c];
                    if (children.get(state)[k] == 0) {
                        children.get(state)[k] = children.size();
                        children.add(new int[width]);
                        outputs.add(null);
                    }
                    state = children.get(state)[k];
                }
                long[] out = outputs.get(state);
                if (out == null) {
                    out = new long[words];
                    outputs.set(state, out);
                }
                out[rule >>> 6] |= 1L << rule;
            }
        }

        int states = children.size();
        this.next = new int[states * width];
        this.output = new long[states][];
        int[] fail = new int[states];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int k = 1; k < width; k++) {
            int child = children.get(0)[k];
            next[k] = child;
            if (child != 0) {
                queue.add(child);
            }
        }
        output[0] = outputs.get(0);
        // Breadth first, so a state's failure target is complete before the state itself.
        while (!queue.isEmpty()) {
            int state = queue.poll();
            output[state] = union(outputs.get(state), output[fail[state]]);
            for (int k = 1; k < width; k++) {
                int child = children.get(state)[k];
                if (child != 0) {
                    fail[child] = next[fail[state] * width + k];
                    next[state * width + k] = child;
                    queue.add(child);
                } else {
                    next[state * width + k] = next[fail[state] * width + k];
                }
            }
        }
    }

    /** Number of longs in a candidate bit set. */
    int words() {
        return words;
    }

    /** Sets in {@code candidates} the bit of every rule with a keyword in {@code text}; returns whether any. */
    boolean scan(CharSequence text, long[] candidates) {
        boolean any = false;
        int state = 0;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            state = next[state * width + (c < 128 ? classOf[c] : 0)];
            long[] out = output[state];
            if (out != null) {
                for (int w = 0; w < words; w++) {
                    candidates[w] |= out[w];
                }
                any = true;
            }
        }
        return any;
    }

    private long[] union(long[] own, long[] inherited) {
        if (own == null) {
            return inherited;
        }
        if (inherited == null) {
            return own;
        }
        long[] both = Arrays.copyOf(own, words);
        for (int w = 0; w < words; w++) {
            both[w] |= inherited[w];
        }
        return both;
    }
}
