package io.tern.selector;

/**
 * A selector that does not compile: where in the text the problem is and why. The material of a Jakarta Messaging
 * {@code InvalidSelectorException}; its message reads {@code "at position N: reason"}.
 *
 * <p>Positions are 0-based character indexes into the selector text (as {@link String#charAt}); a problem found at the
 * end of the text has position {@code text.length()}.
 */
public final class SelectorException extends Exception {
    private final int position;
    private final String reason;

    public SelectorException(int position, String reason) {
        super("at position " + position + ": " + reason);
        this.position = position;
        this.reason = reason;
    }

    /** The 0-based character index where the problem is. */
    public int position() {
        return position;
    }

    /** Why, without the position. */
    public String reason() {
        return reason;
    }
}
