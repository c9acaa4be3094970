package io.tern.selector.internal;

import io.tern.selector.SelectorContext;

import java.util.Set;

/**
 * A compiled selector expression. {@link #evaluate} gives a Boolean, a Number, a String, or null for NULL/UNKNOWN.
 * Nodes are immutable and safe to evaluate from many threads at once.
 */
public sealed interface Expr {
    /** What a node yields, as far as the parser can tell: identifiers may hold anything. */
    enum Kind { BOOLEAN, NUMBER, STRING, ANY }

    Object evaluate(SelectorContext ctx);

    Kind kind();

    /** A literal: Boolean, Long, Float, Double or String. */
    record Literal(Object value) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            return value;
        }

        @Override
        public Kind kind() {
            return value instanceof Boolean ? Kind.BOOLEAN : value instanceof String ? Kind.STRING : Kind.NUMBER;
        }
    }

    /** A property, or one of the header fields when {@code header}; a name that names nothing is NULL. */
    record Identifier(String name, boolean header) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            return header ? ctx.header(name) : ctx.property(name);
        }

        @Override
        public Kind kind() {
            return Kind.ANY;
        }
    }

    record And(Expr left, Expr right) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            Boolean l = Values.truth(left.evaluate(ctx));
            if (Boolean.FALSE.equals(l)) {
                return Boolean.FALSE; // FALSE AND anything is FALSE: skip the right side
            }
            return Values.and(l, Values.truth(right.evaluate(ctx)));
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            Boolean l = Values.truth(left.evaluate(ctx));
            if (Boolean.TRUE.equals(l)) {
                return Boolean.TRUE;
            }
            return Values.or(l, Values.truth(right.evaluate(ctx)));
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    record Not(Expr operand) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            return Values.not(Values.truth(operand.evaluate(ctx)));
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /** Unary minus ({@code negate}) or plus on a number. */
    record Sign(boolean negate, Expr operand) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            Object v = operand.evaluate(ctx);
            return negate ? Values.negate(v) : Values.plus(v);
        }

        @Override
        public Kind kind() {
            return Kind.NUMBER;
        }
    }

    /** {@code + - * /} with Java numeric promotion; see {@link Values#arithmetic}. */
    record Arithmetic(char op, Expr left, Expr right) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            return Values.arithmetic(op, left.evaluate(ctx), right.evaluate(ctx));
        }

        @Override
        public Kind kind() {
            return Kind.NUMBER;
        }
    }

    /** {@code = <> < <= > >=}; see {@link Comparisons}. */
    record Comparison(Token.Type op, Expr left, Expr right) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            return Comparisons.compare(op, left.evaluate(ctx), right.evaluate(ctx));
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /** {@code v [NOT] BETWEEN low AND high}: exactly {@code low <= v AND v <= high}, or its negation. */
    record Between(Expr value, Expr low, Expr high, boolean negated) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            Object v = value.evaluate(ctx);
            Boolean in = Values.and(Comparisons.compare(Token.Type.GE, v, low.evaluate(ctx)),
                    Comparisons.compare(Token.Type.LE, v, high.evaluate(ctx)));
            return negated ? Values.not(in) : in;
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /** {@code id [NOT] IN ('a', ...)}: UNKNOWN for NULL; FALSE, negated or not, for a value that is not a string. */
    record In(Identifier id, Set<String> values, boolean negated) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            Object v = id.evaluate(ctx);
            if (v == null) {
                return null;
            }
            return v instanceof String s ? values.contains(s) != negated : Boolean.FALSE;
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /** {@code id [NOT] LIKE pattern}: UNKNOWN for NULL; FALSE, negated or not, for a value that is not a string. */
    record Like(Identifier id, LikePattern pattern, boolean negated) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            Object v = id.evaluate(ctx);
            if (v == null) {
                return null;
            }
            return v instanceof String s ? pattern.matches(s) != negated : Boolean.FALSE;
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }

    /** {@code id IS [NOT] NULL}: never UNKNOWN. */
    record IsNull(Identifier id, boolean negated) implements Expr {
        @Override
        public Object evaluate(SelectorContext ctx) {
            return (id.evaluate(ctx) == null) != negated;
        }

        @Override
        public Kind kind() {
            return Kind.BOOLEAN;
        }
    }
}
