package io.dockmedic.core.agent;

import io.dockmedic.core.task.RemediationTaskStatus;
import java.util.Set;

/**
 * What an agent writes into a task's status: the fields to set and those to remove.
 *
 * @param patch the agent-owned fields to set (phase, phaseSince, claim, resolution, history)
 * @param cleared the fields to remove
 */
public record AgentWrite(RemediationTaskStatus patch, Set<String> cleared) {

    public AgentWrite {
        cleared = Set.copyOf(cleared);
    }
}
