package io.tern.jms.internal.message;

/** The value types a MapMessage or StreamMessage holds: the primitive wrappers, String and byte[]. Stateless. */
final class StreamValues {
    private StreamValues() {
    }

    static boolean isValueType(Object v) {
        return v instanceof Boolean || v instanceof Byte || v instanceof Short || v instanceof Character
                || v instanceof Integer || v instanceof Long || v instanceof Float || v instanceof Double
                || v instanceof String || v instanceof byte[];
    }
}
