package io.dockmedic.core.mining;

/**
 * The template a message belongs to.
 *
 * @param id "t" and 16 hex digits of the template itself (placeholders read as {@code <*>}), so any
 *     miner that ends with this template gives it this id, whatever order its messages came in; when
 *     the template widens the id follows and the old one resolves to it ({@link TemplateMiner#resolve}),
 *     except while it is pinned
 * @param template the message with variable parts masked; tokens separated by single spaces
 */
public record MinedTemplate(String id, String template) {
}
