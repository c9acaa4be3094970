package io.tern.jms.internal.message;

import jakarta.jms.MessageFormatException;

import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A message's application and JMSX properties, in insertion order: names checked against the selector identifier
 * rules, values limited to the property types (Boolean, Byte, Short, Integer, Long, Float, Double, String), reads
 * through the {@link ValueConversions} table.
 *
 * <p>Names: a Java identifier (start {@link Character#isJavaIdentifierStart}, then
 * {@link Character#isJavaIdentifierPart}), not one of the selector words {@code NULL TRUE FALSE NOT AND OR BETWEEN LIKE
 * IN IS ESCAPE} (any case), not a header field name ({@code JMSCorrelationID}...), not starting with the prefixes Tern
 * reserves ({@code JMS_TERN_}, {@code __TERN_}), and among {@code JMSX} names only those the spec defines
 * ({@code JMSXGroupID} must be a String, {@code JMSXGroupSeq} an int). A bad name is an {@link IllegalArgumentException}
 * naming it (the spec's exception for a null or empty name). A null value is kept (the property exists and reads as
 * null) but is not sent: the engine has no null property. Not thread-safe (a message belongs to one thread at a time).
 */
final class MessageProperties {
    private static final Set<String> RESERVED_WORDS = Set.of("NULL", "TRUE", "FALSE", "NOT", "AND", "OR", "BETWEEN",
            "LIKE", "IN", "IS", "ESCAPE");
    static final Set<String> HEADER_NAMES = Set.of("JMSDestination", "JMSDeliveryMode", "JMSExpiration",
            "JMSDeliveryTime", "JMSPriority", "JMSMessageID", "JMSTimestamp", "JMSCorrelationID", "JMSReplyTo",
            "JMSType", "JMSRedelivered");
    static final Set<String> JMSX_NAMES = Set.of("JMSXUserID", "JMSXAppID", "JMSXDeliveryCount", "JMSXGroupID",
            "JMSXGroupSeq", "JMSXProducerTXID", "JMSXConsumerTXID", "JMSXRcvTimestamp", "JMSXState");
    static final String TERN_JMS_PREFIX = "JMS_TERN_";
    static final String ENGINE_PREFIX = "__TERN_";

    private final Map<String, Object> values = new LinkedHashMap<>();

    MessageProperties copy() {
        MessageProperties c = new MessageProperties();
        c.values.putAll(values);
        return c;
    }

    /** Sets a validated property. */
    void set(String name, Object value) throws MessageFormatException {
        checkName(name);
        checkValue(name, value);
        values.put(name, value);
    }

    /** Sets a property without the name rules (provider-set JMSX values, properties of received native messages). */
    void setTrusted(String name, Object value) {
        values.put(name, value);
    }

    Object get(String name) {
        return values.get(name);
    }

    boolean exists(String name) {
        return name != null && values.containsKey(name);
    }

    Enumeration<String> names() {
        return Collections.enumeration(new java.util.ArrayList<>(values.keySet()));
    }

    Map<String, Object> asMap() {
        return Collections.unmodifiableMap(values);
    }

    void clear() {
        values.clear();
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a property name must not be null or empty, got: "
                    + (name == null ? "null" : "\"\""));
        }
        if (!Character.isJavaIdentifierStart(name.charAt(0)) || !name.chars().allMatch(Character::isJavaIdentifierPart)) {
            throw new IllegalArgumentException("property name \"" + name + "\" is not a valid identifier: it must"
                    + " start with a letter, '_' or '$' and go on with letters, digits, '_' or '$'");
        }
        if (RESERVED_WORDS.contains(name.toUpperCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("property name \"" + name + "\" is a reserved selector word ("
                    + "NULL, TRUE, FALSE, NOT, AND, OR, BETWEEN, LIKE, IN, IS, ESCAPE)");
        }
        if (HEADER_NAMES.contains(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is a header field, not a property; use its setter"
                    + " (set" + name + ")");
        }
        if (name.startsWith(TERN_JMS_PREFIX) || name.startsWith(ENGINE_PREFIX)) {
            throw new IllegalArgumentException("property name \"" + name + "\" uses a prefix Tern reserves for itself ("
                    + TERN_JMS_PREFIX + ", " + ENGINE_PREFIX + ")");
        }
        if (name.startsWith("JMSX") && !JMSX_NAMES.contains(name)) {
            throw new IllegalArgumentException("\"" + name + "\" is not a JMSX property the specification defines"
                    + " (the JMSX prefix is reserved): " + JMSX_NAMES);
        }
    }

    private static void checkValue(String name, Object value) throws MessageFormatException {
        if (value != null && !(value instanceof Boolean || value instanceof Byte || value instanceof Short
                || value instanceof Integer || value instanceof Long || value instanceof Float
                || value instanceof Double || value instanceof String)) {
            throw new MessageFormatException("property '" + name + "' cannot hold a " + value.getClass().getName()
                    + "; a property value is a Boolean, Byte, Short, Integer, Long, Float, Double or String");
        }
        if (name.equals("JMSXGroupID") && value != null && !(value instanceof String)) {
            throw new MessageFormatException("JMSXGroupID must be a String, got a " + value.getClass().getSimpleName());
        }
        if (name.equals("JMSXGroupSeq") && value != null && !(value instanceof Integer)) {
            throw new MessageFormatException("JMSXGroupSeq must be an int, got a " + value.getClass().getSimpleName());
        }
    }
}
