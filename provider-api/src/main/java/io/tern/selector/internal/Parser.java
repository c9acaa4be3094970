package io.tern.selector.internal;

import io.tern.selector.SelectorException;

import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Recursive-descent parser of the Jakarta Messaging 3.1 selector grammar (section 3.8.1.1), lowest precedence first:
 * <pre>
 *   selector   := or END
 *   or         := and (OR and)*
 *   and        := not (AND not)*
 *   not        := NOT not | predicate
 *   predicate  := sum [ (= | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;=) sum
 *                     | [NOT] BETWEEN sum AND sum
 *                     | [NOT] IN ( string (, string)* )        -- left side an identifier
 *                     | [NOT] LIKE string [ESCAPE string]      -- left side an identifier
 *                     | IS [NOT] NULL ]                        -- left side an identifier
 *   sum        := product ((+ | -) product)*
 *   product    := unary ((* | /) unary)*
 *   unary      := (+ | -) unary | primary
 *   primary    := string | number | TRUE | FALSE | identifier | ( or )
 * </pre>
 * Operators of one level associate left to right. Besides the grammar it checks what it can see: a condition where
 * one is needed (AND, OR, NOT, the whole selector), a number where arithmetic or BETWEEN needs one. Identifiers may
 * hold anything, so they pass every such check and are judged per message instead.
 *
 * <p>Bounds, so that no selector a client sends can overflow a thread's stack here or in evaluation (both recurse):
 * at most {@link #MAX_LENGTH} characters, at most {@link #MAX_NESTING} parentheses, NOTs and signs open at once (each
 * costs about eight frames of this parser), and an expression tree at most {@link #MAX_DEPTH} deep (each level costs
 * one or two frames to evaluate: a chain of 1,000 ORs needs well under 100 KiB). Beyond them a
 * {@link SelectorException} names the limit.
 */
public final class Parser {
    /** The header fields a selector may name (3.8.1.1); JMSX* and JMS_* names are properties. */
    public static final Set<String> HEADER_FIELDS =
            Set.of("JMSDeliveryMode", "JMSPriority", "JMSMessageID", "JMSTimestamp", "JMSCorrelationID", "JMSType");

    /** Longest selector text, in characters: far beyond any hand-written selector, far below a frame. */
    public static final int MAX_LENGTH = 32 * 1024;
    /** Most parentheses, NOTs and unary signs open at once. */
    public static final int MAX_NESTING = 100;
    /** Deepest expression tree: operators chained (a OR b OR ...) or nested. */
    public static final int MAX_DEPTH = 1000;

    private final List<Token> tokens;
    private final Map<Expr, Integer> depths = new IdentityHashMap<>();
    private int next;
    private int nesting;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses a non-blank selector. */
    public static Expr parse(String text) throws SelectorException {
        if (text.length() > MAX_LENGTH) {
            throw new SelectorException(MAX_LENGTH, "the selector is " + text.length() + " characters long, longer than the "
                    + MAX_LENGTH + " a selector may have");
        }
        Parser p = new Parser(Lexer.tokenize(text));
        Expr e = p.or();
        Token end = p.peek();
        if (end.type() == Token.Type.RPAREN) {
            throw new SelectorException(end.position(), "found a ')' that closes no '('");
        }
        if (end.type() != Token.Type.END) {
            throw new SelectorException(end.position(), "expected AND, OR or the end of the selector, found " + end.describe());
        }
        requireKind(e, p.tokens.get(0).position(), Expr.Kind.BOOLEAN, "a selector");
        return e;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.type() != Token.Type.END) {
            next++;
        }
        return t;
    }

    private boolean accept(Token.Type type) {
        if (peek().type() == type) {
            next++;
            return true;
        }
        return false;
    }

    private Token expect(Token.Type type, String what) throws SelectorException {
        Token t = peek();
        if (t.type() != type) {
            throw new SelectorException(t.position(), "expected " + what + ", found " + t.describe());
        }
        return take();
    }

    private Expr or() throws SelectorException {
        int at = peek().position();
        Expr left = and();
        while (peek().type() == Token.Type.OR) {
            Token op = take();
            int rightAt = peek().position();
            Expr right = and();
            requireKind(left, at, Expr.Kind.BOOLEAN, "the left side of OR");
            requireKind(right, rightAt, Expr.Kind.BOOLEAN, "the right side of OR at position " + op.position());
            left = node(op, new Expr.Or(left, right), left, right);
        }
        return left;
    }

    private Expr and() throws SelectorException {
        int at = peek().position();
        Expr left = not();
        while (peek().type() == Token.Type.AND) {
            Token op = take();
            int rightAt = peek().position();
            Expr right = not();
            requireKind(left, at, Expr.Kind.BOOLEAN, "the left side of AND");
            requireKind(right, rightAt, Expr.Kind.BOOLEAN, "the right side of AND at position " + op.position());
            left = node(op, new Expr.And(left, right), left, right);
        }
        return left;
    }

    private Expr not() throws SelectorException {
        Token not = peek();
        if (accept(Token.Type.NOT)) {
            int at = peek().position();
            open(not);
            Expr operand = not();
            nesting--;
            requireKind(operand, at, Expr.Kind.BOOLEAN, "NOT");
            return node(not, new Expr.Not(operand), operand);
        }
        return predicate();
    }

    private Expr predicate() throws SelectorException {
        int at = peek().position();
        Expr left = sum();
        Token t = peek();
        switch (t.type()) {
            case EQ, NE, LT, LE, GT, GE -> {
                take();
                Expr right = sum();
                return node(t, new Expr.Comparison(t.type(), left, right), left, right);
            }
            case NOT -> {
                take();
                Token op = peek();
                if (op.type() != Token.Type.BETWEEN && op.type() != Token.Type.IN && op.type() != Token.Type.LIKE) {
                    throw new SelectorException(op.position(), "expected BETWEEN, IN or LIKE after NOT, found " + op.describe());
                }
                return negatable(take(), left, at, true);
            }
            case BETWEEN, IN, LIKE -> {
                return negatable(take(), left, at, false);
            }
            case IS -> {
                take();
                boolean negated = accept(Token.Type.NOT);
                expect(Token.Type.NULL, negated ? "NULL after IS NOT" : "NULL or NOT NULL after IS");
                return node(t, new Expr.IsNull(identifier(left, at, "IS NULL"), negated), left);
            }
            default -> {
                return left;
            }
        }
    }

    private Expr negatable(Token op, Expr left, int at, boolean negated) throws SelectorException {
        return switch (op.type()) {
            case BETWEEN -> between(op, left, at, negated);
            case IN -> node(op, new Expr.In(identifier(left, at, "IN"), stringList(), negated), left);
            default -> node(op, like(identifier(left, at, "LIKE"), negated), left);
        };
    }

    private Expr between(Token op, Expr value, int at, boolean negated) throws SelectorException {
        requireKind(value, at, Expr.Kind.NUMBER, "BETWEEN");
        int lowAt = peek().position();
        Expr low = sum();
        requireKind(low, lowAt, Expr.Kind.NUMBER, "the lower bound of BETWEEN");
        expect(Token.Type.AND, "AND between the bounds of BETWEEN");
        int highAt = peek().position();
        Expr high = sum();
        requireKind(high, highAt, Expr.Kind.NUMBER, "the upper bound of BETWEEN");
        return node(op, new Expr.Between(value, low, high, negated), value, low, high);
    }

    private Set<String> stringList() throws SelectorException {
        expect(Token.Type.LPAREN, "'(' after IN");
        Set<String> values = new LinkedHashSet<>();
        do {
            values.add((String) expect(Token.Type.STRING, "a string literal in the IN list").value());
        } while (accept(Token.Type.COMMA));
        expect(Token.Type.RPAREN, "',' or ')' in the IN list");
        return Set.copyOf(values);
    }

    private Expr like(Expr.Identifier id, boolean negated) throws SelectorException {
        Token pattern = expect(Token.Type.STRING, "a string literal pattern after LIKE");
        Character escape = null;
        if (accept(Token.Type.ESCAPE)) {
            Token e = expect(Token.Type.STRING, "a string literal after ESCAPE");
            String s = (String) e.value();
            if (s.length() != 1) {
                throw new SelectorException(e.position(), "the ESCAPE character must be one character, found " + e.text());
            }
            escape = s.charAt(0);
        }
        return new Expr.Like(id, LikePattern.compile((String) pattern.value(), escape, pattern.position()), negated);
    }

    private static Expr.Identifier identifier(Expr e, int at, String what) throws SelectorException {
        if (e instanceof Expr.Identifier id) {
            return id;
        }
        throw new SelectorException(at, what + " applies only to an identifier (a property or header name)");
    }

    private Expr sum() throws SelectorException {
        int at = peek().position();
        Expr left = product();
        while (peek().type() == Token.Type.PLUS || peek().type() == Token.Type.MINUS) {
            Token op = take();
            int rightAt = peek().position();
            Expr right = product();
            left = arithmetic(op, left, at, right, rightAt);
        }
        return left;
    }

    private Expr product() throws SelectorException {
        int at = peek().position();
        Expr left = unary();
        while (peek().type() == Token.Type.TIMES || peek().type() == Token.Type.DIVIDE) {
            Token op = take();
            int rightAt = peek().position();
            Expr right = unary();
            left = arithmetic(op, left, at, right, rightAt);
        }
        return left;
    }

    private Expr arithmetic(Token op, Expr left, int at, Expr right, int rightAt) throws SelectorException {
        requireKind(left, at, Expr.Kind.NUMBER, "the left side of '" + op.text() + "'");
        requireKind(right, rightAt, Expr.Kind.NUMBER, "the right side of '" + op.text() + "'");
        return node(op, new Expr.Arithmetic(op.text().charAt(0), left, right), left, right);
    }

    private Expr unary() throws SelectorException {
        Token sign = peek();
        if (sign.type() != Token.Type.PLUS && sign.type() != Token.Type.MINUS) {
            return primary(null);
        }
        take();
        boolean negate = sign.type() == Token.Type.MINUS;
        Token t = peek();
        if (t.type() == Token.Type.EXACT || t.type() == Token.Type.APPROXIMATE) {
            return primary(sign); // fold the sign into the literal: -9223372036854775808 must fit
        }
        open(sign);
        Expr operand = unary();
        nesting--;
        requireKind(operand, t.position(), Expr.Kind.NUMBER, "unary '" + sign.text() + "'");
        return node(sign, new Expr.Sign(negate, operand), operand);
    }

    /** @param sign a unary sign right before a numeric literal, folded into it; null for none */
    private Expr primary(Token sign) throws SelectorException {
        Token t = take();
        switch (t.type()) {
            case STRING, TRUE, FALSE -> {
                return new Expr.Literal(t.type() == Token.Type.STRING ? t.value() : (Object) (t.type() == Token.Type.TRUE));
            }
            case EXACT, APPROXIMATE -> {
                return new Expr.Literal(signed(t, sign != null && sign.type() == Token.Type.MINUS));
            }
            case IDENTIFIER -> {
                return new Expr.Identifier(t.text(), isHeader(t));
            }
            case LPAREN -> {
                open(t);
                Expr inner = or();
                nesting--;
                Token close = peek();
                if (close.type() != Token.Type.RPAREN) {
                    throw new SelectorException(close.position(), "expected ')' to close the '(' at position " + t.position()
                            + ", found " + close.describe());
                }
                take();
                return inner;
            }
            case NULL -> throw new SelectorException(t.position(), "NULL may appear only in IS NULL and IS NOT NULL");
            default -> throw new SelectorException(t.position(), "expected an operand" + after(t) + ", found " + t.describe());
        }
    }

    /** One more parenthesis, NOT or sign open at {@code t}; refused beyond {@link #MAX_NESTING}. */
    private void open(Token t) throws SelectorException {
        if (++nesting > MAX_NESTING) {
            throw new SelectorException(t.position(), "the selector nests parentheses, NOTs and signs more than "
                    + MAX_NESTING + " deep here");
        }
    }

    /** {@code e}, made of {@code children} by the operator {@code op}; refused if the tree grows beyond {@link #MAX_DEPTH}. */
    private Expr node(Token op, Expr e, Expr... children) throws SelectorException {
        int depth = 0;
        for (Expr c : children) {
            depth = Math.max(depth, depths.getOrDefault(c, 1));
        }
        if (++depth > MAX_DEPTH) {
            throw new SelectorException(op.position(), "the selector chains or nests operators more than " + MAX_DEPTH
                    + " deep here (a long chain of OR or AND); use IN for a list of values");
        }
        depths.put(e, depth);
        return e;
    }

    /** " after X" naming the token before {@code t}, or nothing if t is the first. */
    private String after(Token t) {
        int index = t.type() == Token.Type.END ? next : next - 1;
        return index > 0 ? " after " + tokens.get(index - 1).describe() : "";
    }

    /** A numeric literal's value, negated if a unary minus precedes it; 2^63 exists only negated, as in Java. */
    private static Object signed(Token t, boolean negate) throws SelectorException {
        Object v = t.value();
        if (v == Token.TWO_TO_63) {
            if (!negate) {
                throw new SelectorException(t.position(), "number " + t.text() + " is outside the range of long");
            }
            return Long.MIN_VALUE;
        }
        return negate ? Values.negate(v) : v;
    }

    private static boolean isHeader(Token t) throws SelectorException {
        String name = t.text();
        if (HEADER_FIELDS.contains(name)) {
            return true;
        }
        if (name.startsWith("JMS") && !name.startsWith("JMSX") && !name.startsWith("JMS_")) {
            throw new SelectorException(t.position(), name + " is not a header field a selector may name (those are "
                    + String.join(", ", HEADER_FIELDS.stream().sorted().toList()) + "); other JMS names are reserved");
        }
        return false;
    }

    private static void requireKind(Expr e, int at, Expr.Kind wanted, String what) throws SelectorException {
        if (e.kind() != wanted && e.kind() != Expr.Kind.ANY) {
            throw new SelectorException(at, what + " needs " + describe(wanted) + ", found " + describe(e.kind()));
        }
    }

    private static String describe(Expr.Kind k) {
        return switch (k) {
            case BOOLEAN -> "a condition";
            case NUMBER -> "a number";
            case STRING -> "a string";
            case ANY -> "a value";
        };
    }
}
