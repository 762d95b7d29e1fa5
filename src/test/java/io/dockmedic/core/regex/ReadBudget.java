package io.dockmedic.core.regex;

/**
 * Text that counts how often a regex engine reads a character of it and gives up past a budget: a
 * measure of matching work that does not depend on the machine, and a stop for an engine that would
 * otherwise backtrack for hours.
 */
public final class ReadBudget implements CharSequence {

    /** Thrown when the engine read more characters than the budget allows. */
    public static final class Exhausted extends RuntimeException {
        Exhausted(long budget) {
            super("more than " + budget + " character reads");
        }
    }

    private final String text;
    private final long budget;
    private long reads;

    public ReadBudget(String text, long budget) {
        this.text = text;
        this.budget = budget;
    }

    /** Characters read so far. */
    public long reads() {
        return reads;
    }

    @Override
    public char charAt(int index) {
        if (++reads > budget) {
            throw new Exhausted(budget);
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new ReadBudget(text.substring(start, end), budget - reads);
    }

    @Override
    public String toString() {
        return text;
    }
}
