package io.tern.selector.internal;

import io.tern.selector.SelectorException;

import java.util.regex.Pattern;

/**
 * A LIKE pattern: {@code _} stands for any one character, {@code %} for any sequence (also empty), everything else for
 * itself. With an escape character E, {@code E_}, {@code E%} and {@code EE} stand for the literal character; E before
 * anything else, or at the end, is a syntax error. Compiled once to a {@link Pattern}; immutable.
 */
record LikePattern(String source, Character escape, Pattern regex) {
    /**
     * @param position where the pattern literal starts in the selector, for error positions (its quote)
     */
    static LikePattern compile(String source, Character escape, int position) throws SelectorException {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (escape != null && c == escape) {
                if (i + 1 == source.length() || !isEscapable(source.charAt(i + 1), escape)) {
                    throw new SelectorException(position, "in LIKE pattern '" + source + "' escape character '" + escape
                            + "' must be followed by _, % or itself");
                }
                literal.append(source.charAt(++i));
            } else if (c == '_' || c == '%') {
                flush(literal, regex);
                regex.append(c == '_' ? "." : ".*");
            } else {
                literal.append(c);
            }
        }
        flush(literal, regex);
        return new LikePattern(source, escape, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    private static boolean isEscapable(char c, char escape) {
        return c == '_' || c == '%' || c == escape;
    }

    private static void flush(StringBuilder literal, StringBuilder regex) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    boolean matches(String s) {
        return regex.matcher(s).matches();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LikePattern p && p.source.equals(source) && java.util.Objects.equals(p.escape, escape);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }
}
