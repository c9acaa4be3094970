package io.tern.cli;

import io.tern.message.Properties;
import io.tern.message.SystemProperties;
import io.tern.protocol.RetryTopics;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** How the commands write counts, properties and times: one place, so every command reads the same. */
final class Lines {
    /** Properties holding an epoch-millisecond time: shown as an ISO instant, not a raw number. */
    private static final Set<String> TIMES = Set.of(SystemProperties.DELIVER_AT, SystemProperties.EXPIRES_AT, RetryTopics.DUE_AT);

    private Lines() {
    }

    /** "1 message", "2 messages". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** "{a=1, b=x}"; with types, "{a:long=1, b:string=x}" (the form {@code --property} takes). Times as ISO instants. */
    static String properties(Properties p, boolean types) {
        StringJoiner out = new StringJoiner(", ", "{", "}");
        for (Map.Entry<String, Object> e : p.asMap().entrySet()) {
            Object v = e.getValue();
            String text = TIMES.contains(e.getKey()) && v instanceof Long t ? Instant.ofEpochMilli(t).toString() : String.valueOf(v);
            out.add(e.getKey() + (types ? ":" + typeName(v) : "") + "=" + text);
        }
        return out.toString();
    }

    static String typeName(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof byte[]) {
            return "bytes";
        }
        String simple = v.getClass().getSimpleName();
        return simple.equals("Integer") ? "int" : simple.toLowerCase(java.util.Locale.ROOT);
    }

    /** " tag T", or nothing for a message without a tag. */
    static String tag(String tag) {
        return tag == null ? "" : " tag " + tag;
    }
}
