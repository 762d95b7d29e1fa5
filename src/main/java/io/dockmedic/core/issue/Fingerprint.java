package io.dockmedic.core.issue;

/**
 * The stable identity of an issue and the template shown for it.
 *
 * @param id 16 lower-case hex characters; the same problem in the same container identity keeps it
 * @param template what users see: the masked message, {@code ExceptionType at top.frame}, or a state condition
 */
public record Fingerprint(String id, String template) {
}
