package io.tern.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link CommandCode#LOCK_QUEUES} and {@link CommandCode#UNLOCK_QUEUES}: an orderly consumer's claim on whole queues.
 * <pre>
 *   request header: | group (string) | clientId (string) | topic (string) | count (int) | count x queueId (int) |
 *   response body:  | count (int) | count x queueId (int) |     (LOCK_QUEUES: the requested queues this client holds now)
 * </pre>
 * A lock is granted when the queue is free, its lock expired, or this client holds it already (then it is renewed).
 * UNLOCK_QUEUES answers with an empty body. At most {@link #MAX_QUEUES} ids, each in [0, {@link #MAX_QUEUES}):
 * the NameServer refuses topics with more queues, so a longer list is a malformed frame.
 */
public record LockRequest(String group, String clientId, String topic, List<Integer> queueIds) {
    public static final int MAX_QUEUES = 1024;

    public LockRequest {
        queueIds = List.copyOf(queueIds);
    }

    public byte[] encode() {
        Headers.Writer w = Headers.writer().str(group).str(clientId).str(topic);
        writeIds(w, queueIds);
        return w.toBytes();
    }

    public static LockRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        String group = r.str();
        String clientId = r.str();
        String topic = r.str();
        List<Integer> ids = readIds(r, "lock request");
        r.end();
        if (group == null || clientId == null || topic == null) {
            throw new FrameCodecException("lock request lacks group, clientId or topic");
        }
        return new LockRequest(group, clientId, topic, ids);
    }

    /** LOCK_QUEUES response body. */
    public static byte[] encodeLocked(List<Integer> queueIds) {
        Headers.Writer w = Headers.writer();
        writeIds(w, queueIds);
        return w.toBytes();
    }

    public static List<Integer> decodeLocked(byte[] body) {
        Headers.Reader r = Headers.reader(body == null ? new byte[0] : body);
        List<Integer> ids = readIds(r, "lock response");
        r.end();
        return ids;
    }

    private static void writeIds(Headers.Writer w, List<Integer> ids) {
        w.i32(ids.size());
        ids.forEach(w::i32);
    }

    private static List<Integer> readIds(Headers.Reader r, String what) {
        int count = r.i32();
        if (count < 0 || count > MAX_QUEUES) {
            throw new FrameCodecException(what + " lists " + count + " queues; the limit is " + MAX_QUEUES);
        }
        List<Integer> ids = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int id = r.i32();
            if (id < 0 || id >= MAX_QUEUES) {
                throw new FrameCodecException(what + " names queue " + id + ", outside [0, " + MAX_QUEUES + ")");
            }
            ids.add(id);
        }
        return ids;
    }
}
