package io.dockmedic.core.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An ordered set of rules plus the guards that recognise benign lines; the first matching rule wins.
 *
 * <p>Matching costs one pass over the message to find rule keywords, then the regular expressions of
 * only those rules whose keyword occurred, in catalogue order.
 */
public final class RuleCatalog {

    private final List<Rule> rules;
    private final List<Pattern> benignGuards;
    private final KeywordIndex index;
    /** Rules without keywords: candidates for every event. */
    private final long[] alwaysCandidates;

    private RuleCatalog(List<Rule> rules, List<Pattern> benignGuards) {
        this.rules = List.copyOf(rules);
        this.benignGuards = List.copyOf(benignGuards);
        Set<String> ids = new HashSet<>();
        for (Rule rule : rules) {
            if (!ids.add(rule.id())) {
                throw new IllegalArgumentException("duplicate rule id '" + rule.id() + "'");
            }
        }
        this.index = new KeywordIndex(this.rules.stream().map(Rule::keywords).toList());
        this.alwaysCandidates = new long[index.words()];
        for (int i = 0; i < this.rules.size(); i++) {
            if (this.rules.get(i).keywords().isEmpty()) {
                alwaysCandidates[i >>> 6] |= 1L << i;
            }
        }
    }

    /** The built-in catalogue (see SPEC/rules-and-fingerprints.md). */
    public static RuleCatalog builtIn() {
        return BUILT_IN;
    }

    private static final RuleCatalog BUILT_IN = new RuleCatalog(BuiltInRules.rules(), BuiltInRules.benignGuards());

    /** This catalogue with {@code extra} rules tried before the existing ones (user rules win). */
    public RuleCatalog withRules(List<Rule> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        List<Rule> all = new ArrayList<>(extra);
        all.addAll(rules);
        return new RuleCatalog(all, benignGuards);
    }

    /** All rules in the order they are tried. */
    public List<Rule> rules() {
        return rules;
    }

    /**
     * The first rule matching {@code text}.
     *
     * @param text the event's header-free message (plus exception lines for stack traces)
     * @param stackTrace whether the event carries a stack trace ({@link Rule.Scope#STACK_TRACES} rules need one)
     * @param unlevelled whether the writer stated no level ({@link Rule.Scope#UNLEVELLED} rules need that)
     */
    public Optional<Rule> match(CharSequence text, boolean stackTrace, boolean unlevelled) {
        long[] candidates = alwaysCandidates.clone();
        index.scan(text, candidates);
        for (int w = 0; w < candidates.length; w++) {
            long bits = candidates[w];
            while (bits != 0) {
                int i = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                Rule rule = rules.get(i);
                boolean inScope = switch (rule.scope()) {
                    case EVENTS -> true;
                    case STACK_TRACES -> stackTrace;
                    case UNLEVELLED -> unlevelled;
                };
                if (inScope && rule.patternFinds(text)) {
                    return Optional.of(rule);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the message only reports that nothing went wrong ({@code errors=0}, {@code shutdown completed}, ...). */
    public boolean isBenign(CharSequence message) {
        for (Pattern guard : benignGuards) {
            if (guard.matcher(message).find()) {
                return true;
            }
        }
        return false;
    }
}
