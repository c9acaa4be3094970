package io.tern.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link CommandCode#HEARTBEAT}: a client says it is alive and which consumer and producer groups it is a member of.
 * <pre>
 *   request header:  | clientId (string) | consumerGroupCount (int) | consumerGroupCount x group (string) |
 *                    | producerGroupCount (int) | producerGroupCount x group (string) |
 *
 * {@link CommandCode#GET_CONSUMER_LIST}:
 *   request header:  | group (string) |
 *   response body:   | count (int) | count x clientId (string) |     sorted, so every member sees the same order
 *
 * {@link CommandCode#LIST_GROUPS}:
 *   response body:   | count (int) | count x group (string) |       consumer groups the broker knows, sorted
 * </pre>
 */
public record Heartbeat(String clientId, List<String> consumerGroups, List<String> producerGroups) {
    public byte[] encode() {
        Headers.Writer w = Headers.writer().str(clientId);
        writeList(w, consumerGroups);
        writeList(w, producerGroups);
        return w.toBytes();
    }

    public static Heartbeat decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        String clientId = r.str();
        List<String> consumers = readList(r, header);
        List<String> producers = readList(r, header);
        r.end();
        if (clientId == null) {
            throw new FrameCodecException("heartbeat names no client id");
        }
        return new Heartbeat(clientId, consumers, producers);
    }

    private static void writeList(Headers.Writer w, List<String> names) {
        w.i32(names.size());
        names.forEach(w::str);
    }

    private static List<String> readList(Headers.Reader r, byte[] within) {
        int n = TopicRoute.count(r, within);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.str());
        }
        return out;
    }

    public static byte[] encodeMembers(List<String> clientIds) {
        Headers.Writer w = Headers.writer().i32(clientIds.size());
        clientIds.forEach(w::str);
        return w.toBytes();
    }

    public static List<String> decodeMembers(byte[] body) {
        Headers.Reader r = Headers.reader(body);
        List<String> out = readList(r, body);
        r.end();
        return out;
    }
}
