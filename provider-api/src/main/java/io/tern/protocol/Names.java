package io.tern.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The rules for the names a client gives the broker, one place for the client and the broker to check them.
 * <pre>
 *   topic   1-255 characters of  A-Z a-z 0-9 . _ - : / % |        (JMS names like orders.eu, a/b, app:events)
 *           a group's derived topics (%RETRY%G, %DLQ%G) may be longer: the prefix and the group percent-encoded,
 *           at most {@link #MAX_DERIVED_TOPIC_LENGTH} characters
 *   group   1-255 UTF-8 bytes of any Unicode except control characters (JMS subscription names are free-form);
 *           the same rule for client ids and producer groups
 * </pre>
 * Topic names keep to ASCII without spaces because they travel in routes, ACL rules and command lines; a topic's
 * directory name is derived from it by the store (so {@code ..} or {@code a/b} name no other directory). Group names are
 * free-form; the files that hold them encode them (a line file percent-encodes its fields), so no name can break a
 * restart, and {@link #groupInTopic} encodes one into a valid topic name.
 * Why 255: a 255-byte group percent-encodes to at most 765 characters, so every derived topic and every journal record
 * stays far below the 64 KiB a header string and a journal record can hold. Stateless.
 */
public final class Names {
    public static final int MAX_TOPIC_LENGTH = 255;
    public static final int MAX_GROUP_BYTES = 255;
    /** {@code %RETRY%} (the longer prefix) and a 255-byte group with every byte percent-encoded: 7 + 3 x 255. */
    public static final int MAX_DERIVED_TOPIC_LENGTH = 7 + 3 * MAX_GROUP_BYTES;
    public static final String TOPIC_RULE = "1-" + MAX_TOPIC_LENGTH + " characters of A-Z a-z 0-9 . _ - : / % |";
    public static final String GROUP_RULE = "1-" + MAX_GROUP_BYTES + " UTF-8 bytes, no control characters";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private Names() {
    }

    /** Why {@code topic} is not a valid topic name (naming the rule), or null if it is. */
    public static String invalidTopic(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "a topic name is needed: use " + TOPIC_RULE;
        }
        int max = isDerived(topic) ? MAX_DERIVED_TOPIC_LENGTH : MAX_TOPIC_LENGTH;
        if (topic.length() > max) {
            return "topic name of " + topic.length() + " characters is too long (" + shown(topic) + "): use " + TOPIC_RULE;
        }
        for (int i = 0; i < topic.length(); i++) {
            if (!topicChar(topic.charAt(i))) {
                return "topic name '" + shown(topic) + "' is invalid at character " + (i + 1) + ": use " + TOPIC_RULE;
            }
        }
        return null;
    }

    /** Why {@code group} is not a valid group name; {@code what} says which name it is ("group", "client id"). */
    public static String invalidGroup(String what, String group) {
        if (group == null || group.isEmpty()) {
            return "a " + what + " is needed: use " + GROUP_RULE;
        }
        String bad = badCharacter(what, group, GROUP_RULE);
        if (bad != null) {
            return bad;
        }
        int bytes = group.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_GROUP_BYTES) {
            return what + " of " + bytes + " UTF-8 bytes is too long (" + shown(group) + "): use " + GROUP_RULE;
        }
        return null;
    }

    /** Why {@code value} holds a character no free-form name may hold (a control character, a lone surrogate), or null. */
    public static String badCharacter(String what, String value, String rule) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return what + " '" + shown(value) + "' holds control character U+" + String.format("%04X", (int) c)
                        + " at " + (i + 1) + ": use " + rule;
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a pair: one code point beyond U+FFFF
                continue;
            }
            if (Character.isSurrogate(c)) {
                return what + " '" + shown(value) + "' is not well-formed Unicode at " + (i + 1) + ": use " + rule;
            }
        }
        return null;
    }

    /** Why {@code group} is not a valid group name, or null. */
    public static String invalidGroup(String group) {
        return invalidGroup("group", group);
    }

    /**
     * {@code group} as part of a topic name: every character outside the topic alphabet, and {@code %} itself, as
     * {@code %XX} per UTF-8 byte (RFC 3986 percent-encoding). Groups of topic characters other than {@code %} are
     * unchanged (so {@code %RETRY%orders} stays what it was); two groups never share an encoding.
     */
    public static String groupInTopic(String group) {
        StringBuilder out = new StringBuilder(group.length());
        for (int i = 0; i < group.length(); i++) {
            char c = group.charAt(i);
            if (c != '%' && topicChar(c)) {
                out.append(c);
                continue;
            }
            int end = Character.isHighSurrogate(c) && i + 1 < group.length() ? i + 2 : i + 1;
            for (byte b : group.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
            }
            i = end - 1;
        }
        return out.toString();
    }

    /** The group {@link #groupInTopic} encoded; null if {@code encoded} is not such an encoding. */
    public static String groupFromTopic(String encoded) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c != '%') {
                if (!topicChar(c)) {
                    return null;
                }
                bytes.write(c);
                continue;
            }
            int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
            if (lo < 0) {
                return null;
            }
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isDerived(String topic) {
        return topic.startsWith(RetryTopics.RETRY_PREFIX) || topic.startsWith(RetryTopics.DLQ_PREFIX);
    }

    private static boolean topicChar(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || ".-_:/%|".indexOf(c) >= 0;
    }

    /** A name for an error message: control characters escaped, long ones cut. */
    private static String shown(String name) {
        StringBuilder sb = new StringBuilder();
        name.codePoints().limit(64).forEach(cp -> {
            if (Character.isISOControl(cp)) {
                sb.append(String.format("\\u%04X", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return name.codePointCount(0, name.length()) > 64 ? sb + "..." : sb.toString();
    }
}
