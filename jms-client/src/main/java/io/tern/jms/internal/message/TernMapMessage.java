package io.tern.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link MapMessage}: named values of the primitive wrapper types, String and byte[] (byte arrays are copied in and
 * out), read through the conversion table of {@link ValueConversions}. Wire layout: {@link TypedValueCodec}. A map
 * without entries counts as no body for {@link #getBody} (null). Not thread-safe.
 */
public final class TernMapMessage extends TernMessage implements MapMessage {
    private Map<String, Object> values = new LinkedHashMap<>();

    public TernMapMessage() {
    }

    static TernMapMessage ofValues(Map<String, Object> values) {
        TernMapMessage m = new TernMapMessage();
        m.values = values;
        return m;
    }

    /** The entries (byte arrays not copied: for the encoder). */
    Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    BodyType bodyType() {
        return BodyType.MAP;
    }

    @Override
    TernMessage newEmpty() {
        return new TernMapMessage();
    }

    @Override
    void copyBodyTo(TernMessage target) {
        ((TernMapMessage) target).values = deepCopy(values, new LinkedHashMap<>());
    }

    private static Map<String, Object> deepCopy(Map<String, Object> from, Map<String, Object> to) {
        from.forEach((k, v) -> to.put(k, v instanceof byte[] b ? b.clone() : v));
        return to;
    }

    @Override
    void clearBodyContent() {
        values = new LinkedHashMap<>();
    }

    /** A copy of the entries as a {@link HashMap} (byte arrays copied), or null without entries. */
    @Override
    Object bodyValue() {
        return values.isEmpty() ? null : deepCopy(values, new HashMap<>());
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        return values.isEmpty() || (c != null && ((Class<?>) c).isAssignableFrom(Map.class));
    }

    // ---- reads ----

    @Override
    public boolean getBoolean(String name) throws JMSException {
        return ValueConversions.toBoolean(values.get(name), name);
    }

    @Override
    public byte getByte(String name) throws JMSException {
        return ValueConversions.toByte(values.get(name), name);
    }

    @Override
    public short getShort(String name) throws JMSException {
        return ValueConversions.toShort(values.get(name), name);
    }

    @Override
    public char getChar(String name) throws JMSException {
        return ValueConversions.toChar(values.get(name), name);
    }

    @Override
    public int getInt(String name) throws JMSException {
        return ValueConversions.toInt(values.get(name), name);
    }

    @Override
    public long getLong(String name) throws JMSException {
        return ValueConversions.toLong(values.get(name), name);
    }

    @Override
    public float getFloat(String name) throws JMSException {
        return ValueConversions.toFloat(values.get(name), name);
    }

    @Override
    public double getDouble(String name) throws JMSException {
        return ValueConversions.toDouble(values.get(name), name);
    }

    @Override
    public String getString(String name) throws JMSException {
        return ValueConversions.toStringValue(values.get(name), name);
    }

    @Override
    public byte[] getBytes(String name) throws JMSException {
        return ValueConversions.toBytes(values.get(name), name);
    }

    /** The value as stored (a wrapper, String, or a copy of a byte[]), or null. */
    @Override
    public Object getObject(String name) {
        Object v = values.get(name);
        return v instanceof byte[] b ? b.clone() : v;
    }

    @Override
    public Enumeration<String> getMapNames() {
        return Collections.enumeration(new java.util.ArrayList<>(values.keySet()));
    }

    @Override
    public boolean itemExists(String name) {
        return values.containsKey(name);
    }

    // ---- writes ----

    private void put(String name, Object value) throws JMSException {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a MapMessage entry name must not be null or empty, got: "
                    + (name == null ? "null" : "\"\""));
        }
        checkBodyWritable();
        values.put(name, value);
    }

    @Override
    public void setBoolean(String name, boolean value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setByte(String name, byte value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setShort(String name, short value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setChar(String name, char value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setInt(String name, int value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setLong(String name, long value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setFloat(String name, float value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setDouble(String name, double value) throws JMSException {
        put(name, value);
    }

    @Override
    public void setString(String name, String value) throws JMSException {
        put(name, value);
    }

    /** Stores a copy of {@code value} (null stores null). */
    @Override
    public void setBytes(String name, byte[] value) throws JMSException {
        put(name, value == null ? null : value.clone());
    }

    @Override
    public void setBytes(String name, byte[] value, int offset, int length) throws JMSException {
        java.util.Objects.checkFromIndexSize(offset, length, value.length);
        put(name, java.util.Arrays.copyOfRange(value, offset, offset + length));
    }

    /** Stores a primitive wrapper, String, byte[] (copied) or null; another type is a {@link MessageFormatException}. */
    @Override
    public void setObject(String name, Object value) throws JMSException {
        if (value != null && !StreamValues.isValueType(value)) {
            throw new MessageFormatException("MapMessage entry '" + name + "' cannot hold a " + value.getClass().getName()
                    + "; it takes a primitive wrapper, a String or a byte[]");
        }
        put(name, value instanceof byte[] b ? b.clone() : value);
    }
}
