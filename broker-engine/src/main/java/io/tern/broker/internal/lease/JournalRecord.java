package io.tern.broker.internal.lease;

import io.tern.broker.internal.journal.GroupCommitJournal;
import io.tern.broker.internal.journal.JournalFrame;
import io.tern.protocol.FrameCodecException;
import io.tern.protocol.Headers;

import java.nio.ByteBuffer;

/**
 * One record of the ack journal ({@link GroupCommitJournal}).
 * <pre>
 *    0 length (int: bytes from type to the end)    4 crc32c (int: of those bytes)
 *    8 type (byte: 1 open, 2 ack, 3 nack, 4 reset, 10 open-ephemeral, 11 delete, 12 durable)  9 queueId (int)    13 offset (long)    21 deliveries (int)
 *   25 group (string) | topic (string)              strings as in {@link Headers}: u16 length | UTF-8
 * </pre>
 * {@code open}: the group's cursor of that queue starts at {@code offset}. {@code ack}: {@code offset} is acknowledged.
 * {@code nack}: {@code offset} was given back after {@code deliveries} deliveries. {@code deliveries} is 0 except in nacks.
 * {@code reset}: an administrator reset the cursor to {@code offset} ({@link LeaseCursor#reset}): everything below it
 * acked, nothing at or above it, delivery counts forgotten. Replaying a reset is idempotent and absorbs what came
 * before it, so replaying records the checkpoint already holds, then the reset, then the records after it, gives the
 * state the broker had; that needs every record of a cursor journaled in the order it was applied in memory, which
 * is why acks and resets are queued to the journal under the cursor's monitor.
 * <p>Lifecycle types (docs/lifecycle.md), queueId and offset as noted: {@code open-ephemeral} (10): like {@code open},
 * and the group is ephemeral on the topic (deleted at the next start if the broker stops before its connections
 * delete it). {@code delete} (11, queueId -1, offset 0): every cursor of the group on the topic is deleted, and
 * records of those cursors after it (an ack racing the delete) are ignored until an {@code open} makes one again.
 * {@code durable} (12, queueId -1, offset 0): the group on the topic is no longer ephemeral.
 * <p><em>Layout change:</em> type 4 was added with {@code tern admin group reset}; a broker built before it reads a
 * reset as a torn tail and stops replaying that file there, so do not downgrade a broker whose journal may hold one
 * (a clean stop checkpoints and leaves no journal to replay).
 */
public record JournalRecord(byte type, String group, String topic, int queueId, long offset, int deliveries) {
    static final byte OPEN = 1;
    public static final byte ACK = 2;
    static final byte NACK = 3;
    static final byte RESET = 4;
    static final byte OPEN_EPHEMERAL = 10;
    static final byte DELETE = 11;
    static final byte DURABLE = 12;
    /** type, queueId, offset, deliveries and two empty strings: 1 + 4 + 8 + 4 + 2 + 2. */
    static final int MIN_LENGTH = 21;
    /** Far larger than any record valid names make (a 255-byte group, a 772-character topic: about 1 KiB): a bigger length is a torn or foreign tail. */
    static final int MAX_LENGTH = 64 * 1024;

    public byte[] encode() {
        byte[] payload = Headers.writer().i8(type).i32(queueId).i64(offset).i32(deliveries).str(group).str(topic).toBytes();
        return JournalFrame.wrap(payload);
    }

    /**
     * The record at the buffer's position, advancing past it; null (position unchanged) if the bytes there are not
     * a whole valid record: the journal's end, or a torn write from a crash.
     */
    static JournalRecord read(ByteBuffer in) {
        byte[] payload = JournalFrame.payloadAt(in, MIN_LENGTH, MAX_LENGTH);
        if (payload == null) {
            return null;
        }
        try {
            Headers.Reader r = Headers.reader(payload);
            JournalRecord rec = new JournalRecord((byte) r.i8(), null, null, r.i32(), r.i64(), r.i32());
            rec = new JournalRecord(rec.type, r.str(), r.str(), rec.queueId, rec.offset, rec.deliveries);
            r.end();
            boolean known = rec.type >= OPEN && rec.type <= RESET || rec.type >= OPEN_EPHEMERAL && rec.type <= DURABLE;
            if (!known || rec.group == null || rec.topic == null) {
                return null;
            }
            in.position(in.position() + JournalFrame.PREFIX + payload.length);
            return rec;
        } catch (FrameCodecException e) {
            return null;
        }
    }
}
