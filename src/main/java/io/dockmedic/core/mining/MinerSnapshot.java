package io.dockmedic.core.mining;

import java.util.List;

/**
 * The saved state of a {@link TemplateMiner}: plain records, lists and strings, so any adapter can
 * serialize it.
 *
 * @param settings the bounds the miner ran with
 * @param templates the templates, least recently used first
 * @param pinnedIds ids of pinned templates, including pins of templates not currently held
 * @param families sibling templates still gathering evidence that their differing words are values
 * @param aliases ids of absorbed templates and the id that absorbed each, oldest first
 */
public record MinerSnapshot(MinerSettings settings, List<Template> templates, List<String> pinnedIds,
        List<Family> families, List<Alias> aliases) {

    public MinerSnapshot {
        templates = List.copyOf(templates);
        pinnedIds = List.copyOf(pinnedIds);
        families = List.copyOf(families);
        aliases = List.copyOf(aliases);
    }

    /**
     * One learned template.
     *
     * @param id its stable id
     * @param template its current (possibly widened) form, tokens separated by single spaces
     * @param count messages mined into it
     */
    public record Template(String id, String template, long count) {
    }

    /**
     * Sibling templates that differ in the same positions.
     *
     * @param shape the tokens they share, with the differing positions left open
     * @param memberIds the siblings' ids, oldest first
     * @param values the distinct words seen in the open positions
     */
    public record Family(String shape, List<String> memberIds, List<String> values) {

        public Family {
            memberIds = List.copyOf(memberIds);
            values = List.copyOf(values);
        }
    }

    /**
     * An absorbed template's id and the id of the template that absorbed it.
     *
     * @param from the absorbed id
     * @param to the absorbing id
     */
    public record Alias(String from, String to) {
    }
}
