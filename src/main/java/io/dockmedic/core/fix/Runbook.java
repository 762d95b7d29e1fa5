package io.dockmedic.core.fix;

/**
 * A named fix a person declared for some issues.
 *
 * @param name its name, unique in the audit
 * @param match which issues it is for
 * @param action what it does
 */
public record Runbook(String name, IssueMatch match, FixAction action) {
}
