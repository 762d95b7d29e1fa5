package io.dockmedic.core.fix;

/**
 * How an action ended.
 *
 * @param succeeded whether it did what it should (a restart returned; an exec exited with the expected code)
 * @param exitCode an exec's exit code, or null
 * @param output an exec's output, capped, or null
 * @param message what happened, for people
 */
public record FixOutcome(boolean succeeded, Integer exitCode, String output, String message) {
}
