package io.tern.selector.internal;

import io.tern.selector.SelectorException;

/**
 * A LIKE pattern: {@code _} stands for any one character, {@code %} for any sequence (also empty), everything else for
 * itself. With an escape character E, {@code E_}, {@code E%} and {@code EE} stand for the literal character; E before
 * anything else, or at the end, is a syntax error. Compiled once to code points with two wildcard marks; immutable.
 *
 * <p>Matching is the greedy wildcard walk that backs up only to the last {@code %}: at most pattern length x value
 * length steps. (A regular expression {@code .*a.*a...b} backtracks through every split of the value: a selector
 * with twenty {@code %a} against a few hundred characters would hold a broker thread for years.) Characters are
 * code points, so {@code _} takes a whole character beyond U+FFFF.
 */
record LikePattern(String source, Character escape, int[] codes) {
    private static final int ANY_ONE = -1;
    private static final int ANY_SEQUENCE = -2;

    /**
     * @param position where the pattern literal starts in the selector, for error positions (its quote)
     */
    static LikePattern compile(String source, Character escape, int position) throws SelectorException {
        int[] out = new int[source.length()];
        int n = 0;
        for (int i = 0; i < source.length(); ) {
            int c = source.codePointAt(i);
            i += Character.charCount(c);
            if (escape != null && c == escape) {
                if (i == source.length() || !isEscapable(source.charAt(i), escape)) {
                    throw new SelectorException(position, "in LIKE pattern '" + source + "' escape character '" + escape
                            + "' must be followed by _, % or itself");
                }
                out[n++] = source.charAt(i++);
            } else if (c == '_') {
                out[n++] = ANY_ONE;
            } else if (c == '%') {
                if (n == 0 || out[n - 1] != ANY_SEQUENCE) { // %% is %
                    out[n++] = ANY_SEQUENCE;
                }
            } else {
                out[n++] = c;
            }
        }
        return new LikePattern(source, escape, java.util.Arrays.copyOf(out, n));
    }

    private static boolean isEscapable(char c, char escape) {
        return c == '_' || c == '%' || c == escape;
    }

    boolean matches(String s) {
        int[] value = s.codePoints().toArray();
        int p = 0;
        int v = 0;
        int star = -1; // the last % met, and the value position it was tried at
        int starAt = 0;
        while (v < value.length) {
            if (p < codes.length && (codes[p] == ANY_ONE || codes[p] == value[v])) {
                p++;
                v++;
            } else if (p < codes.length && codes[p] == ANY_SEQUENCE) {
                star = p++;
                starAt = v;
            } else if (star >= 0) {
                p = star + 1; // let the last % take one more character
                v = ++starAt;
            } else {
                return false;
            }
        }
        while (p < codes.length && codes[p] == ANY_SEQUENCE) {
            p++;
        }
        return p == codes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LikePattern p && p.source.equals(source) && java.util.Objects.equals(p.escape, escape);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return "LikePattern[" + source + (escape == null ? "" : " ESCAPE " + escape) + "]";
    }
}
