package io.tern.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link CommandCode#DESCRIBE_GROUP}: where a consumer group stands on each read queue of a topic on one broker, in
 * both modes, in one request (QUERY_OFFSET answers one queue's committed offset and nothing of lease mode).
 * <pre>
 *   request header:  | group (string) | topic (string) |
 *   response header: | modes (byte: bit 0 offset mode, bit 1 lease mode; as in {@link GroupReset}; 0 = unknown here) |
 *   response body:   | queueCount (int) | queueCount x queue |
 *   queue:           | queueId (int) | minOffset (long) | maxOffset (long) | committedOffset (long: -1 = none) |
 *                    | watermark (long) | ackedAbove (int) | leased (int) | ready (int) | parked (int) | unclaimed (int) |
 *
 *   e.g. queue 1 holding offsets 0-9, committed 4, cursor at 3 with 2 acked above, 1 leased, 1 ready, 0 parked, 2 unclaimed:
 *   00 00 00 01 | ..00 00 | ..00 0a | ..00 04 | ..00 03 | 00 00 00 02 | 00 00 00 01 | 00 00 00 01 | 00 00 00 00 | 00 00 00 02
 * </pre>
 * The lease fields describe the group's cursor (see the broker's LeaseCursor): everything below {@code watermark} is
 * acknowledged, {@code ackedAbove} offsets above it are too; {@code leased} are held by receivers (a lease past its
 * deadline counts as ready, as the next receive's lazy expiry makes it; a prepared XA branch's pin counts as leased),
 * {@code parked} were nacked with a delay, {@code unclaimed} were passed over by the filters of the receives that saw
 * them. A lease-mode group that never received from a queue has no cursor there: watermark = minOffset, counts 0
 * (where its cursor will start). Without lease mode the lease fields are 0. {@link ResponseCode#TOPIC_NOT_FOUND} for a
 * topic the broker does not serve.
 */
public record GroupDescription(String group, String topic) {
    public byte[] encode() {
        return Headers.writer().str(group).str(topic).toBytes();
    }

    public static GroupDescription decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        GroupDescription d = new GroupDescription(r.str(), r.str());
        r.end();
        if (d.group() == null || d.topic() == null) {
            throw new FrameCodecException("group description request lacks group or topic");
        }
        return d;
    }

    /** A lease-mode cursor's counts. */
    public record Lease(long watermark, int ackedAbove, int leased, int ready, int parked, int unclaimed) {
        public static final Lease NONE = new Lease(0, 0, 0, 0, 0, 0);

        /** Messages stored and not acknowledged by the group: leased, ready, parked, unclaimed or not yet delivered. */
        public long backlog(long maxOffset) {
            return Math.max(0, maxOffset - watermark - ackedAbove);
        }
    }

    /** One queue: its bounds, the group's committed offset (-1 if none) and cursor ({@link Lease#NONE} without lease mode). */
    public record Queue(int queueId, long minOffset, long maxOffset, long committedOffset, Lease lease) {
    }

    /** The answer: the group's modes on the topic ({@link GroupReset#MODE_OFFSET}, {@link GroupReset#MODE_LEASE}) and its queues. */
    public record Result(int modes, List<Queue> queues) {
        public boolean offsetMode() {
            return (modes & GroupReset.MODE_OFFSET) != 0;
        }

        public boolean leaseMode() {
            return (modes & GroupReset.MODE_LEASE) != 0;
        }

        public byte[] encodeHeader() {
            return Headers.writer().i8(modes).toBytes();
        }

        public byte[] encodeBody() {
            Headers.Writer w = Headers.writer().i32(queues.size());
            for (Queue q : queues) {
                Lease l = q.lease();
                w.i32(q.queueId()).i64(q.minOffset()).i64(q.maxOffset()).i64(q.committedOffset())
                        .i64(l.watermark()).i32(l.ackedAbove()).i32(l.leased()).i32(l.ready()).i32(l.parked()).i32(l.unclaimed());
            }
            return w.toBytes();
        }

        public static Result decode(byte[] header, byte[] body) {
            int modes = GroupReset.decodeModes(header);
            Headers.Reader b = Headers.reader(body);
            int n = b.i32();
            List<Queue> queues = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                queues.add(new Queue(b.i32(), b.i64(), b.i64(), b.i64(), new Lease(b.i64(), b.i32(), b.i32(), b.i32(), b.i32(), b.i32())));
            }
            b.end();
            return new Result(modes, queues);
        }
    }
}
