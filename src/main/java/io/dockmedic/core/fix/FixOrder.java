package io.dockmedic.core.fix;

/**
 * An action to carry out now, recorded beforehand as attempt {@code attempt} of task {@code task}.
 *
 * @param task the task's name
 * @param attempt the attempt's number in the task's status
 * @param action what to do
 * @param containerId the container to do it to
 * @param containerName its name, for messages
 */
public record FixOrder(String task, int attempt, FixAction action, String containerId, String containerName) {
}
