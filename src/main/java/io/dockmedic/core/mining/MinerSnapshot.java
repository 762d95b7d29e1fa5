package io.dockmedic.core.mining;

import java.util.List;

/**
 * The saved state of a {@link TemplateMiner}: plain records, lists and strings, so any adapter can
 * serialize it.
 *
 * @param settings the bounds the miner ran with
 * @param templates the templates, least recently used first
 * @param pinnedIds ids of pinned templates, including pins of templates not currently held
 */
public record MinerSnapshot(MinerSettings settings, List<Template> templates, List<String> pinnedIds) {

    public MinerSnapshot {
        templates = List.copyOf(templates);
        pinnedIds = List.copyOf(pinnedIds);
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
}
