package io.dockmedic.core.mining;

/**
 * The template a message belongs to.
 *
 * @param id stable for the template's whole life, even as the template widens: "t" and 16 hex digits
 *     derived from the template's first masked form, so a fresh miner fed the same first message
 *     gives the same id
 * @param template the message with variable parts masked; tokens separated by single spaces
 */
public record MinedTemplate(String id, String template) {
}
