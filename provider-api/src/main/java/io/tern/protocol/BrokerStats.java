package io.tern.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link CommandCode#BROKER_STATS} response body: a broker's counters, by name, in the broker's order.
 * <pre>
 *   | count (int) | count x ( name (string) | value (long) ) |
 * </pre>
 * Named rather than positional so a broker can add counters without a protocol change; a client shows what it gets.
 * A name appears once (a repeated name is a malformed body).
 */
public record BrokerStats(Map<String, Long> values) {
    public BrokerStats {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The counter's value, or -1 if this broker does not report it. */
    public long get(String name) {
        return values.getOrDefault(name, -1L);
    }

    public byte[] encode() {
        Headers.Writer w = Headers.writer().i32(values.size());
        values.forEach((name, value) -> w.str(name).i64(value));
        return w.toBytes();
    }

    public static BrokerStats decode(byte[] body) {
        Headers.Reader r = Headers.reader(body);
        int n = TopicRoute.count(r, body);
        Map<String, Long> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = r.str();
            if (name == null || out.put(name, r.i64()) != null) {
                throw new FrameCodecException("broker stats name " + name + " at entry " + i + " is null or repeated");
            }
        }
        r.end();
        return new BrokerStats(out);
    }
}
