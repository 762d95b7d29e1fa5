package io.dockmedic.core.mining;

import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>A message is masked ({@link Masker}) and compared with the templates of the same length and the
 * same first token (all first tokens that hold a value count as one). A template that fits it everywhere takes it. A template that differs from it only
 * in a few word positions forms a family with it: each distinct word there starts a sibling template
 * until {@value #VARIABLE_AFTER} distinct values have been seen, which shows the position to be a
 * parameter; then the oldest sibling widens to {@code <*>} there and absorbs the others, whose ids
 * become aliases of its id ({@link #resolve}). Words in capitals (states, methods, enum constants)
 * never become parameters. See SPEC/template-mining.md.
 *
 * <p>A template's id is a hash of the template itself, with every placeholder read as {@code <*>}: it
 * does not depend on which message came first, so the same lines give the same ids in any order and in
 * every run. When a template widens, its id changes with it and the old id becomes an alias of the
 * new one ({@link #resolve}); a pinned template (an open issue) keeps its id. Memory is bounded by
 * {@link MinerSettings#capacity()}: the least recently used unpinned template is evicted first.
 * Not thread-safe: confine an instance to one thread.
 */
public final class TemplateMiner {

    /** Distinct words seen at a position before it is taken to be a parameter. */
    static final int VARIABLE_AFTER = 3;

    /** Distinct values a family remembers: only whether it has {@link #VARIABLE_AFTER} matters, so this bounds it. */
    static final int MAX_FAMILY_VALUES = 16;

    /** Below this estimated chance of a new value per occurrence, a family's words are a closed set. */
    static final double NEW_VALUE_CHANCE = 0.02;

    private static final int HARD = Integer.MAX_VALUE;
    /**
     * Separates tokens in family shapes and values; tokens never hold whitespace, so an empty field
     * (two separators in a row) marks a hole, and the text stays printable in a saved snapshot.
     */
    private static final char SEPARATOR = ' ';
    private static final String ANY_SKELETON = "<>";

    /** Slots of the cache from masked form to template; a direct-mapped cache, so its size is fixed. */
    private static final int CACHE_SLOTS = 1 << 14;
    /** Longer masked forms are not cached, which bounds the cache at about 16 MiB. */
    private static final int CACHE_MAX_FORM = 512;

    private final MinerSettings settings;
    private final Masker masker;
    private final MaskedLine line = new MaskedLine();
    private final long[] cacheHash = new long[CACHE_SLOTS];
    /**
     * The cached masked forms, one byte a char as a Latin-1 string keeps them (compared with the masked line
     * without reading a String char by char); null for a form with a char above U+00FF, kept in
     * {@link #cacheWideForm} instead.
     */
    private final byte[][] cacheForm = new byte[CACHE_SLOTS][];
    private final char[][] cacheWideForm = new char[CACHE_SLOTS][];
    private final Cluster[] cacheCluster = new Cluster[CACHE_SLOTS];
    /** Templates by length and first token (one shared key when it holds a value). */
    private final Map<String, List<Cluster>> buckets = new HashMap<>();
    /** Unpinned templates in access order: the eldest is the next to evict. */
    private final LinkedHashMap<String, Cluster> unpinned = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<String, Cluster> pinnedHeld = new HashMap<>();
    private final Set<String> pinnedIds = new LinkedHashSet<>();
    /** Sibling templates that differ in the same positions, by their shared shape; oldest first. */
    private final LinkedHashMap<String, Family> families = new LinkedHashMap<>();
    /** Ids of absorbed templates and the id that absorbed them; oldest first. */
    private final LinkedHashMap<String, String> aliases = new LinkedHashMap<>();
    private long created;
    /** Estimated heap of the held templates, against {@link MinerSettings#byteBudget()}. */
    private long heldBytes;

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
        masker.maskInto(message, line);
        return mineMasked();
    }

    /**
     * Learns from the message {@code message[0, length)} and returns its template, as {@link #mine(String)}
     * does with the same chars: for a reader that decodes lines into a buffer of its own, without a String
     * per line.
     */
    public MinedTemplate mine(char[] message, int length) {
        masker.maskInto(message, length, line);
        return mineMasked();
    }

    private MinedTemplate mineMasked() {
        MaskedLine line = this.line;
        long hash = line.hash();
        int slot = (int) hash & (CACHE_SLOTS - 1);
        Cluster cached = cacheCluster[slot];
        if (cached != null && cached.alive && cacheHash[slot] == hash
                && line.contentEquals(cacheForm[slot], cacheWideForm[slot])) {
            // this masked form was mined before and its template already fits it
            cached.count++;
            unpinned.get(cached.id);
            return cached.mined;
        }
        String[] tokens = line.tokens();
        Cluster cluster = learn(tokens);
        if (line.length <= CACHE_MAX_FORM) {
            cacheHash[slot] = hash;
            cacheForm[slot] = line.latin1();
            cacheWideForm[slot] = cacheForm[slot] == null ? Arrays.copyOf(line.chars, line.length) : null;
            cacheCluster[slot] = cluster;
        }
        return cluster.mined;
    }

    private Cluster learn(String[] tokens) {
        List<Cluster> bucket = buckets.get(bucketKey(tokens));
        Cluster best = null;
        int bestDistance = HARD;
        int bestExact = -1;
        if (bucket != null) {
            for (Cluster c : bucket) {
                int distance = distance(c.tokens, tokens, bestDistance);
                if (distance == HARD || distance > bestDistance) {
                    continue;
                }
                int exact = exactMatches(c.tokens, tokens);
                if (distance < bestDistance || exact > bestExact) {
                    best = c;
                    bestDistance = distance;
                    bestExact = exact;
                }
            }
        }
        Cluster cluster;
        if (best != null && bestDistance == 0) {
            cluster = best;
        } else if (best != null && bestDistance <= maxDistance(tokens.length)) {
            cluster = joinFamily(best, tokens);
        } else {
            cluster = add(tokens);
        }
        int change = cluster.absorb(tokens);
        if (change != Cluster.UNCHANGED) {
            Cluster now = reidentify(cluster);
            if (now == cluster && change == Cluster.WORD_TOOK_VALUE) {
                now = settleFamilies(cluster);
            }
            cluster = now;
        }
        unpinned.get(cluster.id); // refresh recency; no-op when pinned
        cluster.count++;
        return cluster;
    }

    /** The id that now stands for the given one: itself, or the template that absorbed it. */
    public String resolve(String templateId) {
        String id = templateId;
        int steps = 0;
        // a saved snapshot is read back from outside: a cycle in its aliases must not loop forever
        for (String next = aliases.get(id); next != null && steps <= aliases.size(); next = aliases.get(id)) {
            id = next;
            steps++;
        }
        return id;
    }

    /** Keeps the template from eviction and absorption, now or whenever it is (re)learned, until unpinned. */
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

    /** The current form of a held template, or null when no template holds the id (absorbed, evicted). */
    public String template(String templateId) {
        Cluster c = held(templateId);
        return c == null ? null : c.mined.template();
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
        List<MinerSnapshot.Family> familyStates = new ArrayList<>(families.size());
        for (Map.Entry<String, Family> e : families.entrySet()) {
            List<String> members = new ArrayList<>();
            for (Cluster c : e.getValue().members) {
                if (c.alive) {
                    members.add(c.id);
                }
            }
            familyStates.add(new MinerSnapshot.Family(e.getKey(), members,
                    new ArrayList<>(e.getValue().values)));
        }
        List<MinerSnapshot.Alias> aliasStates = new ArrayList<>(aliases.size());
        aliases.forEach((from, to) -> aliasStates.add(new MinerSnapshot.Alias(from, to)));
        return new MinerSnapshot(settings, templates, new ArrayList<>(pinnedIds), familyStates, aliasStates);
    }

    /** A miner that continues from saved state: same templates, ids, pins, families, aliases and recency. */
    public static TemplateMiner restore(MinerSnapshot snapshot) {
        MinerSettings saved = snapshot.settings();
        // a miner saved by a process with a larger heap keeps this heap's cap
        int capacity = Math.min(saved.capacity(), MinerSettings.DEFAULT.capacity());
        TemplateMiner miner = new TemplateMiner(new MinerSettings(capacity, saved.maxTokens(), saved.maxTokenChars()));
        miner.pinnedIds.addAll(snapshot.pinnedIds());
        Map<String, Cluster> byId = new HashMap<>();
        for (MinerSnapshot.Template t : snapshot.templates()) {
            String[] tokens = t.template().isEmpty() ? new String[0] : t.template().split(" ");
            Cluster cluster = new Cluster(t.id(), tokens, miner.created++);
            cluster.count = t.count();
            miner.hold(cluster);
            byId.put(t.id(), cluster);
        }
        for (MinerSnapshot.Alias a : snapshot.aliases()) {
            miner.aliases.put(a.from(), a.to());
        }
        // Ids saved before ids were the template's own hash (or by any other rule) are moved to the
        // template's id, the old one kept as an alias; pinned templates (open issues) keep theirs.
        for (Cluster cluster : new ArrayList<>(miner.unpinned.values())) {
            if (!cluster.id.equals(cluster.canonicalId) && miner.held(cluster.canonicalId) == null) {
                miner.rename(cluster, cluster.canonicalId);
            }
        }
        for (MinerSnapshot.Family f : snapshot.families()) {
            Family family = new Family();
            for (String id : f.memberIds()) {
                Cluster member = byId.get(id);
                if (member != null) {
                    family.members.add(member);
                }
            }
            f.values().stream().limit(MAX_FAMILY_VALUES).forEach(family.values::add);
            miner.families.put(f.shape(), family);
        }
        miner.evictOverCapacity(); // a snapshot from a larger heap is cut to this one's budget
        return miner;
    }

    /**
     * Positions where the template cannot take the message's token: {@link #HARD} when one of them is a
     * word in capitals, else their count; stops counting once above {@code limit}.
     */
    private static int distance(String[] template, String[] tokens, int limit) {
        int distance = 0;
        for (int i = 0; i < tokens.length; i++) {
            String t = template[i];
            String m = tokens[i];
            if (compatible(t, m)) {
                continue;
            }
            if (isEnumLike(t) || isEnumLike(m)) {
                return HARD;
            }
            if (++distance > limit) {
                return distance;
            }
        }
        return distance;
    }

    /**
     * Whether a template token can take a message token as it is: equal, or a value position (a bare
     * placeholder takes any token), or a value inside the same text ({@code rhost=<*>} takes
     * {@code rhost=db1.example.org} and {@code rhost=}: an empty value is a value).
     */
    private static boolean compatible(String t, String m) {
        if (t.equals(m)) {
            return true;
        }
        if (isBarePlaceholder(t) || isBarePlaceholder(m)) {
            return true;
        }
        boolean tv = hasPlaceholder(t);
        boolean mv = hasPlaceholder(m);
        return (tv && matches(t, 0, m, 0)) || (mv && matches(m, 0, t, 0));
    }

    private static boolean isBarePlaceholder(String token) {
        return token.length() > 2 && token.charAt(0) == '<' && placeholderEnd(token, 0) == token.length();
    }

    /** Whether {@code text} from {@code j} matches {@code pattern} from {@code i}, each placeholder any text. */
    private static boolean matches(String pattern, int i, String text, int j) {
        while (i < pattern.length()) {
            int end = pattern.charAt(i) == '<' ? placeholderEnd(pattern, i) : -1;
            if (end > 0) {
                if (end == pattern.length()) {
                    return true;
                }
                for (int k = j; k <= text.length(); k++) {
                    if (matches(pattern, end, text, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (j == text.length() || pattern.charAt(i) != text.charAt(j)) {
                return false;
            }
            i++;
            j++;
        }
        return j == text.length();
    }

    private static int exactMatches(String[] template, String[] tokens) {
        int exact = 0;
        for (int i = 0; i < tokens.length; i++) {
            if (template[i].equals(tokens[i])) {
                exact++;
            }
        }
        return exact;
    }

    /** Word positions a message may differ in and still be a sibling of a template. */
    private static int maxDistance(int length) {
        return Math.max(1, length / 3);
    }

    /**
     * The message differs from {@code best} in a few word positions: a sibling template for it, or, once
     * those positions have shown enough distinct values, the family's oldest template widened there.
     */
    private Cluster joinFamily(Cluster best, String[] tokens) {
        StringBuilder shape = new StringBuilder().append(tokens.length);
        StringBuilder value = new StringBuilder();
        StringBuilder bestValue = new StringBuilder();
        boolean[] holes = new boolean[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            String t = best.tokens[i];
            String m = tokens[i];
            shape.append(SEPARATOR);
            if (t.equals(m) && !hasPlaceholder(m)) {
                shape.append(m);
            } else if (compatible(t, m)) {
                shape.append(ANY_SKELETON);
            } else {
                holes[i] = true;
                value.append(m).append(SEPARATOR);
                bestValue.append(t).append(SEPARATOR);
            }
        }
        String key = shape.toString();
        Family family = families.get(key);
        if (family == null) {
            family = new Family();
            family.members.add(best);
            family.values.add(bestValue.toString());
            families.put(key, family);
            while (families.size() > Math.max(16, settings.capacity() / 4)) {
                Iterator<Family> eldest = families.values().iterator();
                eldest.next();
                eldest.remove();
            }
        }
        if (family.values.size() < MAX_FAMILY_VALUES) {
            family.values.add(value.toString());
        }
        family.members.removeIf(c -> !c.alive);
        if (family.values.size() < VARIABLE_AFTER || family.members.isEmpty() || !stillGrowing(family)) {
            Cluster sibling = add(tokens);
            family.members.add(sibling);
            return sibling;
        }
        families.remove(key);
        return mergeInto(family, holes, tokens);
    }

    /** The family's oldest template, widened at the holes, takes the other unpinned members' counts and ids. */
    private Cluster mergeInto(Family family, boolean[] holes, String[] tokens) {
        Cluster survivor = family.members.get(0);
        for (Cluster c : family.members) {
            if (c.seq < survivor.seq) {
                survivor = c;
            }
        }
        survivor.widenAt(holes, tokens);
        for (Cluster c : family.members) {
            if (c != survivor && c.alive && !pinnedIds.contains(c.id)) {
                drop(c);
                survivor.count += c.count;
                alias(c.id, survivor.id);
            }
        }
        return reidentify(survivor);
    }

    /**
     * After a template changed: when the template itself (placeholders read as {@code <*>}) changed, its
     * id follows, the old id becoming an alias; when another template already holds the new id, they are
     * the same template now and this one joins it. A pinned template keeps its id: its issue keeps its
     * fingerprint while the template widens.
     */
    private Cluster reidentify(Cluster cluster) {
        String canonical = idOf(canonicalForm(cluster.tokens));
        if (canonical.equals(cluster.canonicalId)) {
            return cluster;
        }
        cluster.canonicalId = canonical;
        if (!pinnedIds.contains(cluster.id) && !cluster.id.equals(canonical)) {
            Cluster holder = held(canonical);
            if (holder != null) {
                drop(cluster);
                holder.count += cluster.count;
                alias(cluster.id, holder.id);
                return holder;
            }
            rename(cluster, canonical);
        }
        absorbSubsumed(cluster);
        return cluster;
    }

    /**
     * A template that just widened may now take everything a narrower template of its bucket takes
     * ({@code <*> close} beside {@code host:<NUM> close}): that one is the same event seen before the
     * position proved variable, and would otherwise keep its messages by matching them more exactly.
     */
    private void absorbSubsumed(Cluster general) {
        List<Cluster> bucket = buckets.get(general.bucket);
        if (bucket == null || bucket.size() < 2) {
            return;
        }
        for (Cluster c : new ArrayList<>(bucket)) {
            if (c != general && c.alive && c.tokens.length == general.tokens.length
                    && !pinnedIds.contains(c.id) && subsumes(general.tokens, c.tokens)) {
                drop(c);
                general.count += c.count;
                alias(c.id, general.id);
            }
        }
    }

    /** Whether every message the specific template takes is taken by the general one as it is. */
    private static boolean subsumes(String[] general, String[] specific) {
        for (int i = 0; i < general.length; i++) {
            String g = general[i];
            String t = specific[i];
            if (!g.equals(t) && !isBarePlaceholder(g) && !(hasPlaceholder(g) && matches(g, 0, t, 0))) {
                return false;
            }
        }
        return true;
    }

    /** Gives a held unpinned template a new id; the old one becomes an alias of it. */
    private void rename(Cluster cluster, String id) {
        unpinned.remove(cluster.id);
        alias(cluster.id, id);
        cluster.id = id;
        cluster.mined = new MinedTemplate(id, cluster.mined.template());
        if (pinnedIds.contains(id)) {
            pinnedHeld.put(id, cluster);
        } else {
            unpinned.put(id, cluster);
        }
    }

    private void alias(String from, String to) {
        aliases.remove(to); // an id that is held again is no alias (no cycles)
        aliases.put(from, to);
        while (aliases.size() > settings.capacity()) {
            Iterator<String> eldest = aliases.keySet().iterator();
            eldest.next();
            eldest.remove();
        }
    }

    private Cluster held(String id) {
        Cluster c = unpinned.get(id);
        return c != null ? c : pinnedHeld.get(id);
    }

    /**
     * A member of a family has just taken a value (a masked token) in every position the family differs
     * in: those positions are parameters, whatever the word count says, so the family merges now. Else a
     * younger sibling would keep its one word apart from the same event, depending only on arrival order.
     */
    private Cluster settleFamilies(Cluster cluster) {
        Iterator<Map.Entry<String, Family>> it = families.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Family> e = it.next();
            Family family = e.getValue();
            if (!family.members.contains(cluster)) {
                continue;
            }
            boolean[] holes = holesOf(e.getKey(), cluster.tokens.length);
            boolean settled = holes != null;
            for (int i = 0; settled && i < holes.length; i++) {
                settled = !holes[i] || isBarePlaceholder(cluster.tokens[i]);
            }
            if (!settled) {
                continue;
            }
            it.remove();
            family.members.removeIf(c -> !c.alive);
            Cluster survivor = mergeInto(family, holes, cluster.tokens);
            return cluster.alive ? cluster : survivor;
        }
        return cluster;
    }

    /** The hole positions of a family shape (empty fields), or null when its length is not {@code length}. */
    private static boolean[] holesOf(String shape, int length) {
        String[] fields = shape.split(String.valueOf(SEPARATOR), -1);
        if (fields.length != length + 1) {
            return null;
        }
        boolean[] holes = new boolean[length];
        boolean any = false;
        for (int i = 0; i < length; i++) {
            holes[i] = fields[i + 1].isEmpty();
            any |= holes[i];
        }
        return any ? holes : null;
    }

    /**
     * Whether the family's values keep coming: the Good-Turing estimate of the chance that the next
     * occurrence brings an unseen value (values seen once, over occurrences, counting this new one) is
     * at least {@link #NEW_VALUE_CHANCE}. Identifiers keep bringing new values; a closed set of words
     * (root, guest, test) repeats the ones it has, and stays a set of distinct templates.
     */
    private static boolean stillGrowing(Family family) {
        long occurrences = 1;
        int singletons = 1;
        for (Cluster c : family.members) {
            occurrences += c.count;
            if (c.count <= 1) {
                singletons++;
            }
        }
        return singletons >= occurrences * NEW_VALUE_CHANCE;
    }

    private Cluster add(String[] tokens) {
        String form = canonicalForm(tokens);
        String id = idOf(form);
        for (int attempt = 1; unpinned.containsKey(id) || pinnedHeld.containsKey(id); attempt++) {
            id = idOf(form + '#' + attempt); // a 64-bit collision between different forms: rehash
        }
        Cluster cluster = new Cluster(id, tokens, created++);
        hold(cluster);
        evictOverCapacity();
        return cluster;
    }

    private void hold(Cluster cluster) {
        heldBytes += cluster.bytes;
        buckets.computeIfAbsent(cluster.bucket, k -> new ArrayList<>()).add(cluster);
        if (pinnedIds.contains(cluster.id)) {
            pinnedHeld.put(cluster.id, cluster);
        } else {
            unpinned.put(cluster.id, cluster);
        }
    }

    private void drop(Cluster cluster) {
        cluster.alive = false;
        heldBytes -= cluster.bytes;
        unpinned.remove(cluster.id);
        pinnedHeld.remove(cluster.id);
        List<Cluster> bucket = buckets.get(cluster.bucket);
        bucket.remove(cluster);
        if (bucket.isEmpty()) {
            buckets.remove(cluster.bucket);
        }
    }

    private void evictOverCapacity() {
        while ((size() > settings.capacity() || heldBytes > settings.byteBudget()) && !unpinned.isEmpty()) {
            drop(unpinned.values().iterator().next());
        }
    }

    /**
     * Length and first token. A first token that holds a value ({@code host:<NUM>}, {@code <IP>},
     * {@code /path}) routes under one key per length, not by its text: the text around the value is
     * often a value too (a host name), and keying by it would split one event into a bucket per value,
     * where no family could ever compare them.
     */
    private static String bucketKey(String[] tokens) {
        if (tokens.length == 0) {
            return "0";
        }
        // tokens are never empty, so the bare length is no constant first token's key
        String first = tokens[0];
        // a message of one token (key=value,key=value) is all skeleton: its text around the values is the event
        return hasPlaceholder(first) && tokens.length > 1 ? String.valueOf(tokens.length)
                : tokens.length + " " + first;
    }

    /**
     * The template as its id sees it: tokens joined by single spaces, every placeholder read as
     * {@code <*>}, so a position that took another type of value ({@code <NUM>} then {@code <IP>}) is the
     * same template whichever came first.
     */
    static String canonicalForm(String[] tokens) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
            if (i > 0) {
                out.append(' ');
            }
            String t = tokens[i];
            int from = 0;
            for (int k = nextPlaceholder(t, 0); k >= 0; k = nextPlaceholder(t, from)) {
                out.append(t, from, k).append(Masker.ANY);
                from = placeholderEnd(t, k);
            }
            out.append(t, from, t.length());
        }
        return out.toString();
    }

    /** "t" and 16 hex digits of a 64-bit hash of a template's canonical form; stable across runs and JVMs. */
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

    /** Whether the token holds a placeholder such as {@code <NUM>} or {@code <*>}. */
    static boolean hasPlaceholder(String token) {
        return nextPlaceholder(token, 0) >= 0;
    }

    private static int nextPlaceholder(String token, int from) {
        for (int k = token.indexOf('<', from); k >= 0; k = token.indexOf('<', k + 1)) {
            if (placeholderEnd(token, k) > 0) {
                return k;
            }
        }
        return -1;
    }

    /** The index after the placeholder starting at {@code k}, or -1 when none starts there. */
    private static int placeholderEnd(String token, int k) {
        if (k < 0) {
            return -1;
        }
        int n = token.length();
        int j = k + 1;
        while (j < n && (token.charAt(j) == '*' || (token.charAt(j) >= 'A' && token.charAt(j) <= 'Z'))) {
            j++;
        }
        return j > k + 1 && j < n && token.charAt(j) == '>' ? j + 1 : -1;
    }

    /**
     * A word in capitals, such as {@code RUNNING}, {@code GET} or {@code SCREEN_ON}: by convention a
     * named constant (state, method, level), so a different one means a different event.
     */
    static boolean isEnumLike(String token) {
        int start = 0;
        int end = token.length();
        while (start < end && !Character.isLetter(token.charAt(start))) {
            start++;
        }
        while (end > start && !Character.isLetter(token.charAt(end - 1))) {
            end--;
        }
        if (end - start < 2) {
            return false;
        }
        for (int k = start; k < end; k++) {
            char c = token.charAt(k);
            if (!(c >= 'A' && c <= 'Z') && c != '_') {
                return false;
            }
        }
        return true;
    }

    /**
     * The widened token for a position where a template and a message token differ: their common text
     * before the first and after the last value, with {@code <*>} between.
     */
    static String widen(String template, String token) {
        if (template.equals(token)) {
            return template;
        }
        int max = Math.min(template.length(), token.length());
        int prefix = 0;
        while (prefix < max && template.charAt(prefix) == token.charAt(prefix)
                && placeholderEnd(template, prefix) < 0 && placeholderEnd(token, prefix) < 0) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix && template.charAt(template.length() - 1 - suffix)
                == token.charAt(token.length() - 1 - suffix) && template.charAt(template.length() - 1 - suffix) != '>') {
            suffix++;
        }
        return template.substring(0, prefix) + Masker.ANY + template.substring(template.length() - suffix);
    }

    private static String widenWord(String a, String b) {
        int max = Math.min(a.length(), b.length());
        int prefix = 0;
        while (prefix < max && a.charAt(prefix) == b.charAt(prefix) && isPunctuation(a.charAt(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < max - prefix && a.charAt(a.length() - 1 - suffix) == b.charAt(b.length() - 1 - suffix)
                && isPunctuation(a.charAt(a.length() - 1 - suffix))) {
            suffix++;
        }
        return a.substring(0, prefix) + Masker.ANY + a.substring(a.length() - suffix);
    }

    private static boolean isPunctuation(char c) {
        return !Character.isLetterOrDigit(c) && c != '<' && c != '>' && c != '*' && c != '_' && c != '-';
    }

    /** One template and what the miner knows of it. */
    private static final class Cluster {
        String id;
        /** The id of the template as it is now ({@link #canonicalForm}); differs from {@link #id} while pinned. */
        String canonicalId;
        final String[] tokens;
        /** Fixed at creation: widening keeps a template in the bucket it was found in. */
        final String bucket;
        final long seq;
        /** Estimated heap of this template (tokens, forms, ids, map entries), fixed when it is made. */
        final long bytes;
        long count;
        boolean alive = true;
        MinedTemplate mined;

        Cluster(String id, String[] tokens, long seq) {
            this.id = id;
            this.canonicalId = idOf(canonicalForm(tokens));
            this.tokens = tokens;
            this.bucket = bucketKey(tokens);
            this.seq = seq;
            this.mined = new MinedTemplate(id, String.join(" ", tokens));
            long chars = mined.template().length();
            // token strings and the joined form (one byte a char when Latin-1, two otherwise), plus
            // headers, the token array, ids and the entries of the maps that hold it
            this.bytes = 320 + 48L * tokens.length + 4 * chars;
        }

        static final int UNCHANGED = 0;
        static final int WIDENED = 1;
        static final int WORD_TOOK_VALUE = 2;

        /**
         * Widens where the message's values differ in type: {@link #UNCHANGED}, {@link #WIDENED}, or
         * {@link #WORD_TOOK_VALUE} when a word position took a value.
         */
        int absorb(String[] message) {
            boolean changed = false;
            boolean wordTookValue = false;
            for (int i = 0; i < tokens.length; i++) {
                if (!tokens[i].equals(message[i]) && !Masker.ANY.equals(tokens[i])) {
                    // compatible by construction: the template only grows
                    String widened = widen(tokens[i], message[i]);
                    if (!widened.equals(tokens[i])) {
                        wordTookValue |= !hasPlaceholder(tokens[i]);
                        tokens[i] = widened;
                        changed = true;
                    }
                }
            }
            if (changed) {
                mined = new MinedTemplate(id, String.join(" ", tokens));
            }
            return wordTookValue ? WORD_TOOK_VALUE : changed ? WIDENED : UNCHANGED;
        }

        /** Makes the holes parameters, keeping punctuation both values share: "alice:" and "bob:" give "<*>:". */
        void widenAt(boolean[] holes, String[] message) {
            for (int i = 0; i < tokens.length; i++) {
                if (holes[i]) {
                    tokens[i] = widenWord(tokens[i], message[i]);
                }
            }
            mined = new MinedTemplate(id, String.join(" ", tokens));
        }

        MinerSnapshot.Template toSnapshot() {
            return new MinerSnapshot.Template(id, mined.template(), count);
        }
    }

    /** Templates that differ from one another in the same word positions, and the values seen there. */
    private static final class Family {
        final List<Cluster> members = new ArrayList<>();
        final Set<String> values = new LinkedHashSet<>();
    }
}
