package io.tern.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link CommandCode#GET_ROUTE}: where a topic lives. Request header: {@code | topic (string) |}.
 * Response body (TOPIC_NOT_FOUND with an {@link ErrorHeader} if no live broker serves it):
 * <pre>
 *   | topic (string) | brokerCount (int) | brokerCount x Broker | queueCount (int) | queueCount x Queues |
 *   Broker: | cluster (string) | brokerName (string) | addressCount (int) | addressCount x (brokerId (long) | address (string)) |
 *   Queues: | brokerName (string) | readQueues (int) | writeQueues (int) | perm (int) |
 * </pre>
 */
public record TopicRoute(String topic, List<Broker> brokers, List<Queues> queues) {
    /** A broker group: master (id 0) and slaves, by id. */
    public record Broker(String cluster, String brokerName, Map<Long, String> addresses) {
        public String masterAddress() {
            return addresses.get(0L);
        }
    }

    /** How many queues one broker group serves for the topic. */
    public record Queues(String brokerName, int readQueues, int writeQueues, int perm) {
    }

    public static byte[] request(String topic) {
        return Headers.writer().str(topic).toBytes();
    }

    public static String decodeRequest(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        String topic = r.str();
        r.end();
        if (topic == null || topic.isEmpty()) {
            throw new FrameCodecException("route request names no topic");
        }
        return topic;
    }

    public byte[] encode() {
        Headers.Writer w = Headers.writer().str(topic).i32(brokers.size());
        for (Broker b : brokers) {
            w.str(b.cluster()).str(b.brokerName()).i32(b.addresses().size());
            b.addresses().forEach((id, addr) -> w.i64(id).str(addr));
        }
        w.i32(queues.size());
        for (Queues q : queues) {
            w.str(q.brokerName()).i32(q.readQueues()).i32(q.writeQueues()).i32(q.perm());
        }
        return w.toBytes();
    }

    public static TopicRoute decode(byte[] body) {
        Headers.Reader r = Headers.reader(body);
        String topic = r.str();
        int brokerCount = count(r, body);
        List<Broker> brokers = new ArrayList<>(brokerCount);
        for (int i = 0; i < brokerCount; i++) {
            String cluster = r.str();
            String name = r.str();
            int n = count(r, body);
            Map<Long, String> addresses = new LinkedHashMap<>();
            for (int j = 0; j < n; j++) {
                addresses.put(r.i64(), r.str());
            }
            brokers.add(new Broker(cluster, name, addresses));
        }
        int queueCount = count(r, body);
        List<Queues> queues = new ArrayList<>(queueCount);
        for (int i = 0; i < queueCount; i++) {
            queues.add(new Queues(r.str(), r.i32(), r.i32(), r.i32()));
        }
        r.end();
        return new TopicRoute(topic, brokers, queues);
    }

    static int count(Headers.Reader r, byte[] within) {
        int n = r.i32();
        if (n < 0 || n > within.length) {
            throw new FrameCodecException("count " + n + " cannot fit in " + within.length + " bytes");
        }
        return n;
    }
}
