package io.dockmedic.audit;

import io.dockmedic.core.mining.MinerSnapshot;
import io.dockmedic.core.mining.TemplateMiner;
import io.dockmedic.operator.api.LogAudit;

/**
 * The port to where an audit's template miner is kept between runs (a ConfigMap, or a file in the local
 * state directory), so that fingerprints, which come from template ids, survive a restart.
 */
public interface TemplateArchive {

    /**
     * The audit's saved miner, or a new one when none was saved. A saved one that is not the audit's own,
     * is corrupt or is too large is not loaded: it is replaced by a new (empty) one and the rejection says why.
     */
    Restored load(LogAudit audit);

    /** Saves the miner; one too large to be loaded again is not saved, and a warning says so. */
    void save(LogAudit audit, MinerSnapshot snapshot);

    /**
     * Why a saved miner was not loaded.
     *
     * @param reason a CamelCase word: {@code ForeignStore}, {@code CorruptStore} or {@code OversizedStore}
     * @param message one line for people, naming where the store was
     */
    record Rejection(String reason, String message) {
    }

    /**
     * The outcome of reading an audit's saved miner.
     *
     * @param miner the miner to scan with: the saved one, or a new one
     * @param restoredTemplates how many templates were restored (0 when none was saved or it was rejected)
     * @param rejection why the saved miner was not loaded, or null when it was (or none existed)
     */
    record Restored(TemplateMiner miner, int restoredTemplates, Rejection rejection) {
    }
}
