package io.tern.selector.internal;

/**
 * The value rules of Jakarta Messaging selectors (section 3.8.1.1, 3.8.1.2).
 *
 * <p>Truth values are {@code Boolean.TRUE}, {@code Boolean.FALSE} and {@code null} for UNKNOWN (SQL three-valued
 * logic). Numbers follow Java binary numeric promotion: double if either side is a Double, else float if either is a
 * Float, else long if either is a Long, else int. So a Long compared with a Float compares as floats, exactly as
 * {@code longValue == floatValue} does in Java. Strings never become numbers.
 */
final class Values {
    private Values() {
    }

    enum Kind { INT, LONG, FLOAT, DOUBLE }

    /** A value as a truth value: a Boolean is itself; NULL and any non-boolean value are UNKNOWN. */
    static Boolean truth(Object v) {
        return v instanceof Boolean b ? b : null;
    }

    static Boolean and(Boolean a, Boolean b) {
        if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
            return Boolean.FALSE;
        }
        return a == null || b == null ? null : Boolean.TRUE;
    }

    static Boolean or(Boolean a, Boolean b) {
        if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
            return Boolean.TRUE;
        }
        return a == null || b == null ? null : Boolean.FALSE;
    }

    static Boolean not(Boolean a) {
        return a == null ? null : !a;
    }

    static boolean isNumber(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Float
                || v instanceof Short || v instanceof Byte;
    }

    static Kind promote(Number a, Number b) {
        if (a instanceof Double || b instanceof Double) {
            return Kind.DOUBLE;
        }
        if (a instanceof Float || b instanceof Float) {
            return Kind.FLOAT;
        }
        return a instanceof Long || b instanceof Long ? Kind.LONG : Kind.INT;
    }

    /**
     * a compared with b: negative, zero or positive, or {@code null} when they are unordered (a NaN is involved),
     * in which case every comparison but {@code <>} is false, as in Java.
     */
    static Integer compareNumbers(Number a, Number b) {
        return switch (promote(a, b)) {
            case INT, LONG -> Long.compare(a.longValue(), b.longValue());
            case FLOAT -> ordered(a.floatValue(), b.floatValue());
            case DOUBLE -> ordered(a.doubleValue(), b.doubleValue());
        };
    }

    private static Integer ordered(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return null;
        }
        return a < b ? -1 : a > b ? 1 : 0; // not Double.compare: 0.0 and -0.0 are equal here, as with Java's ==
    }

    /** a op b for op one of + - * /; NULL when either side is NULL or not a number, and when dividing by zero. */
    static Object arithmetic(char op, Object a, Object b) {
        if (!isNumber(a) || !isNumber(b)) {
            return null;
        }
        Number x = (Number) a;
        Number y = (Number) b;
        if (op == '/' && y.doubleValue() == 0) {
            return null; // Java would throw (int, long) or give Infinity/NaN (float, double): the selector says unknown
        }
        return switch (promote(x, y)) {
            case INT -> intOp(op, x.intValue(), y.intValue());
            case LONG -> longOp(op, x.longValue(), y.longValue());
            case FLOAT -> floatOp(op, x.floatValue(), y.floatValue());
            case DOUBLE -> doubleOp(op, x.doubleValue(), y.doubleValue());
        };
    }

    private static Object intOp(char op, int a, int b) {
        return switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            default -> a / b;
        };
    }

    private static Object longOp(char op, long a, long b) {
        return switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            default -> a / b;
        };
    }

    private static Object floatOp(char op, float a, float b) {
        return switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            default -> a / b;
        };
    }

    private static Object doubleOp(char op, double a, double b) {
        return switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            default -> a / b;
        };
    }

    /** Unary minus with Java promotion (a Byte or Short becomes an Integer); NULL for NULL or a non-number. */
    static Object negate(Object v) {
        if (v instanceof Double d) {
            return -d;
        }
        if (v instanceof Float f) {
            return -f;
        }
        if (v instanceof Long l) {
            return -l;
        }
        return isNumber(v) ? (Object) (-((Number) v).intValue()) : null;
    }

    /** Unary plus: the number promoted (Byte and Short become Integer); NULL for NULL or a non-number. */
    static Object plus(Object v) {
        if (v instanceof Byte || v instanceof Short) {
            return ((Number) v).intValue();
        }
        return isNumber(v) ? v : null;
    }
}
