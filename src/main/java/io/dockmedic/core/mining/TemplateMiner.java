package io.dockmedic.core.mining;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Learns message templates from a stream of log messages and tells each message's template.
 *
 * <p>Messages are masked ({@link Masker}), then matched against the templates with the same number of
 * tokens; the most similar one takes the message if similar enough, and widens where they differ.
 * Otherwise the message starts a new template. Ids derive from a template's first masked form and
 * never change. Memory is bounded by {@link MinerSettings#capacity()}: the least recently used
 * unpinned template is evicted first. Not thread-safe: confine an instance to one thread.
 */
public final class TemplateMiner {

    private static final double SIMILARITY = 0.5;

    private final MinerSettings settings;
    private final Masker masker;
    private final Map<Integer, List<Cluster>> byLength = new HashMap<>();
    /** Unpinned templates in access order: the eldest is the next to evict. */
    private final LinkedHashMap<String, Cluster> unpinned = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<String, Cluster> pinnedHeld = new HashMap<>();
    private final Set<String> pinnedIds = new LinkedHashSet<>();

    /** A miner with the one generic configuration. */
    public TemplateMiner() {
        this(MinerSettings.DEFAULT);
    }

    /** A miner with the given bounds. */
    public TemplateMiner(MinerSettings settings) {
        this.settings = settings;
        this.masker = new Masker(settings);
    }

    /** Learns from the message and returns its template. */
    public MinedTemplate mine(String message) {
        String[] tokens = masker.tokens(message).toArray(new String[0]);
        Cluster cluster = bestMatch(tokens);
        if (cluster == null) {
            cluster = add(tokens, 0);
        } else {
            cluster.absorb(tokens);
            touch(cluster);
        }
        cluster.count++;
        return cluster.mined;
    }

    /** Keeps the template from eviction, now or whenever it is (re)learned, until unpinned. */
    public void pin(String templateId) {
        pinnedIds.add(templateId);
        Cluster cluster = unpinned.remove(templateId);
        if (cluster != null) {
            pinnedHeld.put(templateId, cluster);
        }
    }

    /** Makes the template evictable again, as the most recently used one. */
    public void unpin(String templateId) {
        pinnedIds.remove(templateId);
        Cluster cluster = pinnedHeld.remove(templateId);
        if (cluster != null) {
            unpinned.put(templateId, cluster);
            evictOverCapacity();
        }
    }

    /** Templates currently held. */
    public int size() {
        return unpinned.size() + pinnedHeld.size();
    }

    /** The state to save; {@link #restore} rebuilds an equivalent miner from it. */
    public MinerSnapshot snapshot() {
        List<MinerSnapshot.Template> templates = new ArrayList<>(size());
        for (Cluster c : pinnedHeld.values()) {
            templates.add(c.toSnapshot());
        }
        for (Cluster c : unpinned.values()) {
            templates.add(c.toSnapshot());
        }
        return new MinerSnapshot(settings, templates, new ArrayList<>(pinnedIds));
    }

    /** A miner that continues from saved state: same templates, ids, pins and recency. */
    public static TemplateMiner restore(MinerSnapshot snapshot) {
        TemplateMiner miner = new TemplateMiner(snapshot.settings());
        miner.pinnedIds.addAll(snapshot.pinnedIds());
        for (MinerSnapshot.Template t : snapshot.templates()) {
            String[] tokens = t.template().isEmpty() ? new String[0] : t.template().split(" ");
            Cluster cluster = new Cluster(t.id(), tokens);
            cluster.count = t.count();
            miner.hold(cluster);
        }
        return miner;
    }

    private Cluster bestMatch(String[] tokens) {
        List<Cluster> candidates = byLength.get(tokens.length);
        if (candidates == null) {
            return null;
        }
        Cluster best = null;
        double bestScore = -1;
        for (Cluster c : candidates) {
            double score = similarity(c.tokens, tokens);
            if (score > bestScore) {
                bestScore = score;
                best = c;
            }
        }
        return bestScore >= SIMILARITY ? best : null;
    }

    private static double similarity(String[] template, String[] tokens) {
        if (tokens.length == 0) {
            return 1;
        }
        int same = 0;
        for (int i = 0; i < tokens.length; i++) {
            String t = template[i];
            String m = tokens[i];
            if (t.equals(m) || (hasPlaceholder(t) && hasPlaceholder(m))) {
                same++;
            }
        }
        return (double) same / tokens.length;
    }

    private Cluster add(String[] tokens, int attempt) {
        String form = String.join(" ", tokens);
        String id = idOf(attempt == 0 ? form : form + '#' + attempt);
        if (unpinned.containsKey(id) || pinnedHeld.containsKey(id)) {
            return add(tokens, attempt + 1); // a 64-bit collision between different forms: rehash
        }
        Cluster cluster = new Cluster(id, tokens);
        hold(cluster);
        evictOverCapacity();
        return cluster;
    }

    private void hold(Cluster cluster) {
        byLength.computeIfAbsent(cluster.tokens.length, k -> new ArrayList<>()).add(cluster);
        if (pinnedIds.contains(cluster.id)) {
            pinnedHeld.put(cluster.id, cluster);
        } else {
            unpinned.put(cluster.id, cluster);
        }
    }

    private void touch(Cluster cluster) {
        unpinned.get(cluster.id); // moves an unpinned template to the young end; no-op when pinned
    }

    private void evictOverCapacity() {
        Iterator<Cluster> eldest = unpinned.values().iterator();
        while (size() > settings.capacity() && eldest.hasNext()) {
            Cluster victim = eldest.next();
            eldest.remove();
            byLength.get(victim.tokens.length).remove(victim);
        }
    }

    /** "t" and 16 hex digits of a 64-bit hash of the first masked form; stable across runs and JVMs. */
    static String idOf(String form) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < form.length(); i++) {
            h ^= form.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        String hex = Long.toHexString(h);
        return "t" + "0".repeat(16 - hex.length()) + hex;
    }

    static boolean hasPlaceholder(String token) {
        int n = token.length();
        for (int k = token.indexOf('<'); k >= 0 && k < n; k = token.indexOf('<', k + 1)) {
            int j = k + 1;
            while (j < n && (token.charAt(j) == '*' || (token.charAt(j) >= 'A' && token.charAt(j) <= 'Z'))) {
                j++;
            }
            if (j > k + 1 && j < n && token.charAt(j) == '>') {
                return true;
            }
        }
        return false;
    }

    /** The widened token for a position where a template and a message differ. */
    static String widen(String template, String token) {
        if (template.equals(token)) {
            return template;
        }
        int tp = template.indexOf('<');
        int mp = token.indexOf('<');
        if (tp > 0 && tp == mp && template.regionMatches(0, token, 0, tp)
                && hasPlaceholder(template) && hasPlaceholder(token)) {
            int ts = template.lastIndexOf('>') + 1;
            int ms = token.lastIndexOf('>') + 1;
            if (template.length() - ts == token.length() - ms
                    && template.regionMatches(ts, token, ms, template.length() - ts)) {
                return template.substring(0, tp) + Masker.ANY + template.substring(ts);
            }
        }
        return Masker.ANY;
    }

    /** One template and what the miner knows of it. */
    private static final class Cluster {
        final String id;
        final String[] tokens;
        long count;
        MinedTemplate mined;

        Cluster(String id, String[] tokens) {
            this.id = id;
            this.tokens = tokens;
            this.mined = new MinedTemplate(id, String.join(" ", tokens));
        }

        void absorb(String[] message) {
            boolean changed = false;
            for (int i = 0; i < tokens.length; i++) {
                String widened = widen(tokens[i], message[i]);
                if (!widened.equals(tokens[i])) {
                    tokens[i] = widened;
                    changed = true;
                }
            }
            if (changed) {
                mined = new MinedTemplate(id, String.join(" ", tokens));
            }
        }

        MinerSnapshot.Template toSnapshot() {
            return new MinerSnapshot.Template(id, mined.template(), count);
        }
    }
}
