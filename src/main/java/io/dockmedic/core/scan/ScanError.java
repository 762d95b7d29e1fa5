package io.dockmedic.core.scan;

/**
 * Something a scan could not do, reported instead of aborting it.
 *
 * @param containerId the container concerned, or null when the problem is not one container's
 * @param container that container's name, or null
 * @param message what went wrong, in one line
 */
public record ScanError(String containerId, String container, String message) {
}
