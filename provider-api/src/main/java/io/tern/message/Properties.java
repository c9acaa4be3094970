package io.tern.message;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A message's typed properties: an immutable map from name to a value of one of the {@link PropertyType}s,
 * in insertion order.
 *
 * <p>Encoded form (big-endian), used in commit-log records and on the wire:
 * <pre>
 *  +-------------+---------------------------------------------------------------+
 *  | short count | count x ( short nameLen | name UTF-8 | byte type | value )     |
 *  +-------------+---------------------------------------------------------------+
 *  value: BOOLEAN 1 byte (0/1), BYTE 1, SHORT 2, INT 4, LONG 8, FLOAT 4, DOUBLE 8,
 *         STRING int len | UTF-8 bytes
 * </pre>
 * Names are at most {@value #MAX_NAME_BYTES} UTF-8 bytes and a message carries at most {@value #MAX_COUNT} properties,
 * so that the counts fit their shorts.
 */
public final class Properties {
    public static final int MAX_COUNT = Short.MAX_VALUE;
    public static final int MAX_NAME_BYTES = Short.MAX_VALUE;
    public static final Properties EMPTY = new Properties(Map.of());

    private final Map<String, Object> values;

    private Properties(Map<String, Object> values) {
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Object get(String name) {
        return values.get(name);
    }

    public Set<String> names() {
        return values.keySet();
    }

    public Map<String, Object> asMap() {
        return values;
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The number of bytes {@link #writeTo} writes. */
    public int encodedSize() {
        int size = 2;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            size += 2 + utf8Length(e.getKey()) + 1;
            Object v = e.getValue();
            size += switch (PropertyType.of(v)) {
                case BOOLEAN, BYTE -> 1;
                case SHORT -> 2;
                case INT, FLOAT -> 4;
                case LONG, DOUBLE -> 8;
                case STRING -> 4 + utf8Length((String) v);
            };
        }
        return size;
    }

    public void writeTo(ByteBuffer out) {
        out.putShort((short) values.size());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.putShort((short) name.length).put(name);
            Object v = e.getValue();
            PropertyType type = PropertyType.of(v);
            out.put(type.code());
            switch (type) {
                case BOOLEAN -> out.put((byte) ((Boolean) v ? 1 : 0));
                case BYTE -> out.put((Byte) v);
                case SHORT -> out.putShort((Short) v);
                case INT -> out.putInt((Integer) v);
                case LONG -> out.putLong((Long) v);
                case FLOAT -> out.putFloat((Float) v);
                case DOUBLE -> out.putDouble((Double) v);
                case STRING -> {
                    byte[] s = ((String) v).getBytes(StandardCharsets.UTF_8);
                    out.putInt(s.length).put(s);
                }
            }
        }
    }

    /** Reads the encoded form at the buffer's position, advancing it; a truncated or invalid form is a {@link MalformedMessageException}. */
    public static Properties readFrom(ByteBuffer in) {
        try {
            int count = in.getShort();
            if (count < 0) {
                throw new MalformedMessageException("negative property count " + count);
            }
            if (count == 0) {
                return EMPTY;
            }
            Map<String, Object> map = new LinkedHashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                String name = readString(in, in.getShort(), "property name");
                PropertyType type = PropertyType.ofCode(in.get());
                Object value = switch (type) {
                    case BOOLEAN -> in.get() != 0;
                    case BYTE -> in.get();
                    case SHORT -> in.getShort();
                    case INT -> in.getInt();
                    case LONG -> in.getLong();
                    case FLOAT -> in.getFloat();
                    case DOUBLE -> in.getDouble();
                    case STRING -> readString(in, in.getInt(), "value of property '" + name + "'");
                };
                map.put(name, value);
            }
            return new Properties(Collections.unmodifiableMap(map));
        } catch (BufferUnderflowException e) {
            throw new MalformedMessageException("properties are truncated", e);
        }
    }

    private static String readString(ByteBuffer in, int length, String what) {
        if (length < 0 || length > in.remaining()) {
            throw new MalformedMessageException(what + " claims " + length + " bytes, " + in.remaining() + " remain");
        }
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++; // a lone surrogate encodes as '?'
            } else {
                n += 3;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Properties p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Collects properties; each value's Java type gives its {@link PropertyType}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Object> values = new LinkedHashMap<>();

        public Builder put(String name, Object value) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("a property name must not be null or empty");
            }
            if (utf8Length(name) > MAX_NAME_BYTES) {
                throw new IllegalArgumentException("property name is longer than " + MAX_NAME_BYTES + " UTF-8 bytes: " + name.substring(0, 40) + "...");
            }
            PropertyType.of(value); // validates the type
            if (!values.containsKey(name) && values.size() == MAX_COUNT) {
                throw new IllegalArgumentException("a message carries at most " + MAX_COUNT + " properties");
            }
            values.put(name, value);
            return this;
        }

        public Builder remove(String name) {
            values.remove(name);
            return this;
        }

        public Builder putAll(Properties other) {
            values.putAll(other.values);
            return this;
        }

        public Properties build() {
            return values.isEmpty() ? EMPTY : new Properties(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
        }
    }
}
