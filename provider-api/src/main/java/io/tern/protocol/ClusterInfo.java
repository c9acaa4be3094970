package io.tern.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link CommandCode#GET_CLUSTER_INFO} response body: every live broker.
 * <pre>
 *   | count (int) | count x ( cluster (string) | brokerName (string) | brokerId (long) | address (string) |
 *                             lastHeartbeatMillis (long) | topicCount (int) ) |
 * </pre>
 */
public record ClusterInfo(List<Entry> brokers) {
    public record Entry(String cluster, String brokerName, long brokerId, String address, long lastHeartbeatMillis, int topicCount) {
    }

    public byte[] encode() {
        Headers.Writer w = Headers.writer().i32(brokers.size());
        for (Entry e : brokers) {
            w.str(e.cluster()).str(e.brokerName()).i64(e.brokerId()).str(e.address()).i64(e.lastHeartbeatMillis()).i32(e.topicCount());
        }
        return w.toBytes();
    }

    public static ClusterInfo decode(byte[] body) {
        Headers.Reader r = Headers.reader(body);
        int n = TopicRoute.count(r, body);
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Entry(r.str(), r.str(), r.i64(), r.str(), r.i64(), r.i32()));
        }
        r.end();
        return new ClusterInfo(out);
    }
}
