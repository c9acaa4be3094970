package io.tern.message;

/**
 * The types a message property may have: exactly the Jakarta Messaging property types.
 * The code is the byte written before each value on disk and on the wire; never renumber.
 */
public enum PropertyType {
    BOOLEAN(1, Boolean.class),
    BYTE(2, Byte.class),
    SHORT(3, Short.class),
    INT(4, Integer.class),
    LONG(5, Long.class),
    FLOAT(6, Float.class),
    DOUBLE(7, Double.class),
    STRING(8, String.class);

    private final byte code;
    private final Class<?> javaType;

    PropertyType(int code, Class<?> javaType) {
        this.code = (byte) code;
        this.javaType = javaType;
    }

    public byte code() {
        return code;
    }

    public Class<?> javaType() {
        return javaType;
    }

    public static PropertyType ofCode(byte code) {
        for (PropertyType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        throw new MalformedMessageException("unknown property type code " + code + " (known: 1-8)");
    }

    public static PropertyType of(Object value) {
        if (value != null) {
            for (PropertyType t : values()) {
                if (t.javaType == value.getClass()) {
                    return t;
                }
            }
        }
        throw new IllegalArgumentException("a property value must be a Boolean, Byte, Short, Integer, Long, Float, Double or String, got: "
                + (value == null ? "null" : value.getClass().getName()));
    }
}
