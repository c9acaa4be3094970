package io.tern.selector.internal;

import io.tern.selector.SelectorException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits selector text into {@link Token}s. Literals follow Jakarta Messaging 3.1 section 3.8.1.1: strings in single
 * quotes with {@code ''} for a quote; exact numerics in Java integer literal syntax (decimal, {@code 0x} hex, leading-0
 * octal, optional {@code L}); approximate numerics in Java floating-point syntax ({@code 7E3}, {@code 7.}, {@code .5},
 * optional {@code F} (a Float) or {@code D}). Keywords are case-insensitive; identifiers are Java identifiers and
 * case-sensitive. Signs are not part of literals: the parser reads them as unary operators.
 */
final class Lexer {
    private static final BigInteger LONG_LIMIT = BigInteger.ONE.shiftLeft(63);

    private final String s;
    private int pos;

    private Lexer(String s) {
        this.s = s;
    }

    static List<Token> tokenize(String text) throws SelectorException {
        Lexer lexer = new Lexer(text);
        List<Token> out = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            out.add(t);
        } while (t.type() != Token.Type.END);
        return out;
    }

    private Token next() throws SelectorException {
        while (pos < s.length() && isSpace(s.charAt(pos))) {
            pos++;
        }
        if (pos == s.length()) {
            return new Token(Token.Type.END, "", null, pos);
        }
        int start = pos;
        char c = s.charAt(pos);
        if (c == '\'') {
            return string(start);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)))) {
            return number(start);
        }
        if (Character.isJavaIdentifierStart(s.codePointAt(pos))) {
            return word(start);
        }
        return operator(start, c);
    }

    /** SQL white space: space, horizontal tab, form feed and line terminators. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r';
    }

    private Token string(int start) throws SelectorException {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= s.length()) {
                throw new SelectorException(start, "unterminated string literal (a quote inside a string is written '')");
            }
            char c = s.charAt(pos++);
            if (c == '\'') {
                if (pos < s.length() && s.charAt(pos) == '\'') {
                    value.append('\'');
                    pos++;
                } else {
                    return new Token(Token.Type.STRING, s.substring(start, pos), value.toString(), start);
                }
            } else {
                value.append(c);
            }
        }
    }

    private Token word(int start) {
        pos += Character.charCount(s.codePointAt(pos));
        while (pos < s.length() && Character.isJavaIdentifierPart(s.codePointAt(pos))) {
            pos += Character.charCount(s.codePointAt(pos));
        }
        String text = s.substring(start, pos);
        Token.Type keyword = keyword(text);
        return keyword != null ? new Token(keyword, text, null, start) : new Token(Token.Type.IDENTIFIER, text, text, start);
    }

    private static Token.Type keyword(String word) {
        String upper = word.toUpperCase(Locale.ROOT);
        for (Token.Type t : Token.Type.values()) {
            if (t.isKeyword() && t.name().equals(upper)) {
                return t;
            }
        }
        return null;
    }

    private Token number(int start) throws SelectorException {
        if (s.startsWith("0x", pos) || s.startsWith("0X", pos)) {
            pos += 2;
            int digits = pos;
            while (pos < s.length() && Character.digit(s.charAt(pos), 16) >= 0) {
                pos++;
            }
            return exact(start, s.substring(digits, pos), 16);
        }
        int intStart = pos;
        skipDigits();
        String intPart = s.substring(intStart, pos);
        boolean approximate = false;
        if (pos < s.length() && s.charAt(pos) == '.') {
            approximate = true;
            pos++;
            skipDigits();
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            approximate = true;
            exponent(start);
        }
        if (pos < s.length() && "fFdD".indexOf(s.charAt(pos)) >= 0) {
            return approximate(start, Character.toLowerCase(s.charAt(pos++)) == 'f');
        }
        if (approximate) {
            return approximate(start, false);
        }
        boolean octal = intPart.length() > 1 && intPart.charAt(0) == '0';
        return exact(start, octal ? intPart.substring(1) : intPart, octal ? 8 : 10);
    }

    private void skipDigits() {
        while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
            pos++;
        }
    }

    private void exponent(int start) throws SelectorException {
        pos++;
        if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
            pos++;
        }
        int digits = pos;
        skipDigits();
        if (pos == digits) {
            throw new SelectorException(start, "malformed number " + s.substring(start, pos) + ": the exponent has no digits");
        }
    }

    private Token approximate(int start, boolean isFloat) throws SelectorException {
        String text = s.substring(start, pos);
        endOfNumber(start);
        double d = Double.parseDouble(text);
        if (Double.isInfinite(d) || (isFloat && Float.isInfinite((float) d))) {
            throw new SelectorException(start, "number " + text + " is outside the range of " + (isFloat ? "float" : "double"));
        }
        Object value = isFloat ? (Object) Float.parseFloat(text) : (Object) d;
        return new Token(Token.Type.APPROXIMATE, text, value, start);
    }

    private Token exact(int start, String digits, int radix) throws SelectorException {
        if (pos < s.length() && (s.charAt(pos) == 'l' || s.charAt(pos) == 'L')) {
            pos++;
        }
        String text = s.substring(start, pos);
        endOfNumber(start);
        if (digits.isEmpty() && radix == 16) {
            throw new SelectorException(start, "malformed number " + text + ": no hex digits after 0x");
        }
        BigInteger v;
        try {
            v = new BigInteger(digits.isEmpty() ? "0" : digits, radix);
        } catch (NumberFormatException e) {
            throw new SelectorException(start, "malformed number " + text + ": an integer with a leading 0 is octal (digits 0-7)");
        }
        // Java lets hex and octal literals fill all 64 bits (0xFFFFFFFFFFFFFFFFL is -1); decimal ones stop at 2^63 - 1.
        if (radix != 10 && v.bitLength() <= 64) {
            return new Token(Token.Type.EXACT, text, v.longValue(), start);
        }
        if (v.equals(LONG_LIMIT)) {
            return new Token(Token.Type.EXACT, text, Token.TWO_TO_63, start);
        }
        if (v.bitLength() > 63) {
            throw new SelectorException(start, "number " + text + " is outside the range of long");
        }
        return new Token(Token.Type.EXACT, text, v.longValue(), start);
    }

    /** A number must not run into a letter: "12abc" is a mistake, not 12 followed by abc. */
    private void endOfNumber(int start) throws SelectorException {
        if (pos < s.length() && Character.isJavaIdentifierPart(s.codePointAt(pos))) {
            throw new SelectorException(start, "malformed number " + s.substring(start, pos + 1) + "...");
        }
    }

    private Token operator(int start, char c) throws SelectorException {
        pos++;
        Token.Type type = switch (c) {
            case '=' -> Token.Type.EQ;
            case '<' -> follows('>') ? Token.Type.NE : follows('=') ? Token.Type.LE : Token.Type.LT;
            case '>' -> follows('=') ? Token.Type.GE : Token.Type.GT;
            case '+' -> Token.Type.PLUS;
            case '-' -> Token.Type.MINUS;
            case '*' -> Token.Type.TIMES;
            case '/' -> Token.Type.DIVIDE;
            case '(' -> Token.Type.LPAREN;
            case ')' -> Token.Type.RPAREN;
            case ',' -> Token.Type.COMMA;
            default -> throw new SelectorException(start, unexpected(c));
        };
        return new Token(type, s.substring(start, pos), null, start);
    }

    private static String unexpected(char c) {
        String hint = switch (c) {
            case '"' -> " (string literals use single quotes)";
            case '!' -> " (not equal is <>)";
            default -> "";
        };
        return "unexpected character '" + c + "'" + hint;
    }

    private boolean follows(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }
}
