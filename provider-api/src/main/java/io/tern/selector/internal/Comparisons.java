package io.tern.selector.internal;

/**
 * Comparison of two selector values (Jakarta Messaging 3.1, 3.8.1.2):
 * <ul>
 *   <li>either side NULL: UNKNOWN;</li>
 *   <li>two numbers: compared after Java numeric promotion ({@link Values#compareNumbers}); a NaN makes every
 *       comparison FALSE except {@code <>}, which is TRUE, as in Java;</li>
 *   <li>two strings or two booleans: only {@code =} and {@code <>} are defined; an ordering comparison is FALSE;</li>
 *   <li>values of unlike types ({@code '1' = 1}, {@code TRUE = 1}): FALSE, whatever the operator, {@code <>} too.
 *       The spec says "the value of the operation is false"; strings are never converted to numbers.</li>
 * </ul>
 */
final class Comparisons {
    private Comparisons() {
    }

    static Boolean compare(Token.Type op, Object a, Object b) {
        if (a == null || b == null) {
            return null;
        }
        if (Values.isNumber(a) && Values.isNumber(b)) {
            Integer c = Values.compareNumbers((Number) a, (Number) b);
            return c == null ? op == Token.Type.NE : holds(op, c);
        }
        boolean alike = (a instanceof String && b instanceof String) || (a instanceof Boolean && b instanceof Boolean);
        if (!alike) {
            return Boolean.FALSE;
        }
        return switch (op) {
            case EQ -> a.equals(b);
            case NE -> !a.equals(b);
            default -> Boolean.FALSE;
        };
    }

    private static boolean holds(Token.Type op, int c) {
        return switch (op) {
            case EQ -> c == 0;
            case NE -> c != 0;
            case LT -> c < 0;
            case LE -> c <= 0;
            case GT -> c > 0;
            case GE -> c >= 0;
            default -> throw new IllegalArgumentException("not a comparison: " + op);
        };
    }
}
