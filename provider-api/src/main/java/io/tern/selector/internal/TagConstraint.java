package io.tern.selector.internal;

import java.util.HashSet;
import java.util.Set;

/**
 * Recognises selectors that constrain only the tag: {@code JMSType = 'x'} (either way round), {@code JMSType IN ('a', 'b')},
 * and ORs of those. Such a selector is TRUE exactly when the tag is in the set (a missing tag is NULL, so UNKNOWN, so no
 * match), which lets the broker compare tags and never decode properties.
 */
public final class TagConstraint {
    private TagConstraint() {
    }

    /** The tag set, or null if the expression is not a pure tag constraint. */
    public static Set<String> of(Expr e) {
        Set<String> tags = new HashSet<>();
        return collect(e, tags) ? Set.copyOf(tags) : null;
    }

    private static boolean collect(Expr e, Set<String> tags) {
        if (e instanceof Expr.Or or) {
            return collect(or.left(), tags) && collect(or.right(), tags);
        }
        if (e instanceof Expr.In in && !in.negated() && isType(in.id())) {
            tags.addAll(in.values());
            return true;
        }
        if (e instanceof Expr.Comparison c && c.op() == Token.Type.EQ) {
            Object literal = isType(c.left()) ? literal(c.right()) : isType(c.right()) ? literal(c.left()) : null;
            if (literal instanceof String s) {
                tags.add(s);
                return true;
            }
        }
        return false;
    }

    private static boolean isType(Expr e) {
        return e instanceof Expr.Identifier id && id.header() && id.name().equals("JMSType");
    }

    private static Object literal(Expr e) {
        return e instanceof Expr.Literal l ? l.value() : null;
    }
}
