package io.dockmedic.policy;

/**
 * One thing wrong in a policy file, where it is and what is wrong.
 *
 * @param file the file's name as given
 * @param line 1-based line
 * @param column 1-based column
 * @param field the field's path, e.g. {@code spec.rules[0].pattern}, or empty for the whole document
 * @param message what is wrong, one line
 */
public record PolicyProblem(String file, int line, int column, String field, String message) {

    /** {@code dockmedic.yaml:12:5: spec.interval: must match ...}: what a compiler would print. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
