package io.tern.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link CommandCode#HEARTBEAT}: a client says it is alive and which consumer groups it is a member of.
 * <pre>
 *   request header:  | clientId (string) | groupCount (int) | groupCount x group (string) |
 *
 * {@link CommandCode#GET_CONSUMER_LIST}:
 *   request header:  | group (string) |
 *   response body:   | count (int) | count x clientId (string) |     sorted, so every member sees the same order
 * </pre>
 */
public record Heartbeat(String clientId, List<String> groups) {
    public byte[] encode() {
        Headers.Writer w = Headers.writer().str(clientId).i32(groups.size());
        groups.forEach(w::str);
        return w.toBytes();
    }

    public static Heartbeat decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        String clientId = r.str();
        int n = TopicRoute.count(r, header);
        List<String> groups = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            groups.add(r.str());
        }
        r.end();
        if (clientId == null) {
            throw new FrameCodecException("heartbeat names no client id");
        }
        return new Heartbeat(clientId, groups);
    }

    public static byte[] encodeMembers(List<String> clientIds) {
        Headers.Writer w = Headers.writer().i32(clientIds.size());
        clientIds.forEach(w::str);
        return w.toBytes();
    }

    public static List<String> decodeMembers(byte[] body) {
        Headers.Reader r = Headers.reader(body);
        int n = TopicRoute.count(r, body);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.str());
        }
        r.end();
        return out;
    }
}
