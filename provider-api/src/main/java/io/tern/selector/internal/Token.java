package io.tern.selector.internal;

/**
 * One lexical token of a selector.
 *
 * @param type     what it is
 * @param text     the source text it came from (for messages)
 * @param value    a literal's value (String, Long, Float or Double), an identifier's name, else null
 * @param position the 0-based index of its first character
 */
record Token(Type type, String text, Object value, int position) {
    enum Type {
        STRING, EXACT, APPROXIMATE, IDENTIFIER,
        // keywords: case-insensitive, never identifiers
        NULL, TRUE, FALSE, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, TIMES, DIVIDE, LPAREN, RPAREN, COMMA,
        END;

        boolean isKeyword() {
            return ordinal() >= NULL.ordinal() && ordinal() <= ESCAPE.ordinal();
        }
    }

    /** How a message names this token: the keyword or operator itself, or what kind of thing it is. */
    String describe() {
        return switch (type) {
            case END -> "the end of the selector";
            case STRING -> "string " + text;
            case EXACT, APPROXIMATE -> "number " + text;
            case IDENTIFIER -> "identifier " + text;
            default -> type.isKeyword() ? text.toUpperCase(java.util.Locale.ROOT) : "'" + text + "'";
        };
    }

    /**
     * The exact literal 9223372036854775808 (2^63) fits a long only negated, as in Java; the lexer gives it this
     * marker value and the parser accepts it only after a unary minus.
     */
    static final Object TWO_TO_63 = new Object() {
        @Override
        public String toString() {
            return "9223372036854775808";
        }
    };
}
