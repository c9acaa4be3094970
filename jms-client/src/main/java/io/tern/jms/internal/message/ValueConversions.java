package io.tern.jms.internal.message;

import jakarta.jms.MessageFormatException;

/**
 * The Jakarta Messaging conversion tables (spec 3.5.4 for properties, 3.11.3 for MapMessage and StreamMessage
 * values): which stored type may be read as which requested type. Rows are the requested type, marks the stored
 * types that convert ({@code S} = parsed from a String with the wrapper's {@code valueOf}):
 * <pre>
 *   requested  | boolean byte short char int long float double String byte[]
 *   -----------+--------------------------------------------------------------
 *   boolean    |   X                                             S
 *   byte       |          X                                      S
 *   short      |          X    X                                 S
 *   char       |                     X
 *   int        |          X    X          X                      S
 *   long       |          X    X          X   X                  S
 *   float      |                                X                S
 *   double     |                                X     X          S
 *   String     |   X      X    X     X    X   X     X     X      X
 *   byte[]     |                                                        X
 * </pre>
 * Properties never hold char or byte[], so one table serves both. Any other pair is a {@link MessageFormatException}
 * naming the value's type, the requested type and the name. A null value (absent) reads as the wrapper's
 * {@code valueOf((String) null)} does: {@code false} for boolean, {@link NumberFormatException} for byte/short/int/long,
 * {@link NullPointerException} for float/double (and char), null for String and byte[]. A String that does not parse
 * is the wrapper's {@link NumberFormatException}. Stateless.
 */
final class ValueConversions {
    private ValueConversions() {
    }

    static boolean toBoolean(Object v, String name) throws MessageFormatException {
        if (v instanceof Boolean b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Boolean.valueOf((String) v);
        }
        throw refused(v, "boolean", name);
    }

    static byte toByte(Object v, String name) throws MessageFormatException {
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Byte.valueOf((String) v);
        }
        throw refused(v, "byte", name);
    }

    static short toShort(Object v, String name) throws MessageFormatException {
        if (v instanceof Short s) {
            return s;
        }
        if (v instanceof Byte b) {
            return b;
        }
        if (v == null || v instanceof String) {
            return Short.valueOf((String) v);
        }
        throw refused(v, "short", name);
    }

    static char toChar(Object v, String name) throws MessageFormatException {
        if (v instanceof Character c) {
            return c;
        }
        if (v == null) {
            throw new NullPointerException("the value of '" + name + "' is null and cannot be read as a char");
        }
        throw refused(v, "char", name);
    }

    static int toInt(Object v, String name) throws MessageFormatException {
        if (v instanceof Integer i) {
            return i;
        }
        if (v instanceof Short || v instanceof Byte) {
            return ((Number) v).intValue();
        }
        if (v == null || v instanceof String) {
            return Integer.valueOf((String) v);
        }
        throw refused(v, "int", name);
    }

    static long toLong(Object v, String name) throws MessageFormatException {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v == null || v instanceof String) {
            return Long.valueOf((String) v);
        }
        throw refused(v, "long", name);
    }

    static float toFloat(Object v, String name) throws MessageFormatException {
        if (v instanceof Float f) {
            return f;
        }
        if (v == null || v instanceof String) {
            return Float.valueOf((String) v);
        }
        throw refused(v, "float", name);
    }

    static double toDouble(Object v, String name) throws MessageFormatException {
        if (v instanceof Double || v instanceof Float) {
            return ((Number) v).doubleValue();
        }
        if (v == null || v instanceof String) {
            return Double.valueOf((String) v);
        }
        throw refused(v, "double", name);
    }

    static String toStringValue(Object v, String name) throws MessageFormatException {
        if (v instanceof byte[]) {
            throw refused(v, "String", name);
        }
        return v == null ? null : v.toString();
    }

    static byte[] toBytes(Object v, String name) throws MessageFormatException {
        if (v == null) {
            return null;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        throw refused(v, "byte[]", name);
    }

    private static MessageFormatException refused(Object v, String requested, String name) {
        return new MessageFormatException("'" + name + "' holds a " + typeName(v) + " (" + v
                + "), which the Jakarta Messaging conversion table does not allow to be read as " + requested);
    }

    static String typeName(Object v) {
        return v instanceof byte[] ? "byte[]" : v.getClass().getSimpleName();
    }
}
