package io.dockmedic.core.fix;

/** Whether dockmedic fixes issues itself: not at all, only on paper, or for real. */
public enum FixMode {
    /** Nothing is decided or done (the default). */
    Off,
    /** Decisions are made and recorded exactly as in Auto, and nothing is touched. */
    DryRun,
    /** Decisions are carried out. */
    Auto
}
