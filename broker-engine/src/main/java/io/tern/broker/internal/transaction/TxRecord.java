package io.tern.broker.internal.transaction;

import io.tern.broker.internal.journal.JournalFrame;
import io.tern.protocol.FrameCodecException;
import io.tern.protocol.Headers;
import io.tern.protocol.Xid;

import java.nio.ByteBuffer;

/**
 * One record of the transaction journal ({@link TransactionTable}); the transaction checkpoint is a sequence of them too.
 * <pre>
 *    0 length (int: bytes from type to the end)    4 crc32c (int: of those bytes)
 *    8 type (byte)    9 queueId (int)    13 offset (long)    21 aux (long)
 *   29 txId (string) | group (string) | topic (string) | hasXid (bool) | [formatId (int) | gtrid (bytes) | bqual (bytes)]
 *
 *   type        fields used
 *   1 HALF      group = producer group, offset = the half message's commit-log offset, aux = its store time
 *   2 ACK       group = consumer group, topic, queueId, offset = queue offset, aux = the lease's receipt id
 *   3 PREPARE   xid
 *   4 COMMIT    aux = when (epoch millis)          5 ROLLBACK  aux = when
 *   6 APPLIED   (every half message re-appended to its topic and every held ack applied)
 *   7 PARKED    aux = when (the half messages were copied to TERN_TX_UNRESOLVED)
 *   8 OFFSET    group = consumer group, topic, queueId, offset = the offset to commit, aux = when held (epoch millis);
 *               a later OFFSET of the same transaction and (group, topic, queueId) replaces it
 *   9 OWNER     group = the login that opened the transaction (written before its first HALF, ACK or OFFSET when the
 *               broker has access control; a transaction without one has no owner)
 * </pre>
 * Strings as in {@link Headers} (u16 length | UTF-8; null = 0xFFFF). A type this code does not know reads as a torn
 * tail: a broker older than OFFSET (OWNER) stops replaying a file at the first one, so do not downgrade a broker whose open
 * or prepared transactions hold offsets (or were opened under access control).
 */
public record TxRecord(byte type, String txId, String group, String topic, int queueId, long offset, long aux, Xid xid) {
    public static final byte HALF = 1;
    static final byte ACK = 2;
    static final byte PREPARE = 3;
    public static final byte COMMIT = 4;
    static final byte ROLLBACK = 5;
    static final byte APPLIED = 6;
    static final byte PARKED = 7;
    public static final byte OFFSET = 8;
    static final byte OWNER = 9;
    /** type, queueId, offset, aux, three empty strings, hasXid: 1 + 4 + 8 + 8 + 3 x 2 + 1. */
    static final int MIN_LENGTH = 28;
    /** Three 300-character strings and an Xid stay far below: a bigger length is a torn or foreign tail. */
    static final int MAX_LENGTH = 64 * 1024;

    public static TxRecord of(byte type, String txId, long aux) {
        return new TxRecord(type, txId, null, null, 0, 0, aux, null);
    }

    public byte[] encode() {
        Headers.Writer w = Headers.writer().i8(type).i32(queueId).i64(offset).i64(aux).str(txId).str(group).str(topic).bool(xid != null);
        if (xid != null) {
            xid.writeTo(w);
        }
        byte[] payload = w.toBytes();
        return JournalFrame.wrap(payload);
    }

    /** The record at the buffer's position, advancing past it; null (position unchanged) at the end or a torn write. */
    public static TxRecord read(ByteBuffer in) {
        byte[] payload = JournalFrame.payloadAt(in, MIN_LENGTH, MAX_LENGTH);
        if (payload == null) {
            return null;
        }
        try {
            Headers.Reader r = Headers.reader(payload);
            byte type = (byte) r.i8();
            int queueId = r.i32();
            long offset = r.i64();
            long aux = r.i64();
            String txId = r.str();
            String group = r.str();
            String topic = r.str();
            Xid xid = r.bool() ? Xid.readFrom(r) : null;
            r.end();
            if (type < HALF || type > OWNER || txId == null) {
                return null;
            }
            in.position(in.position() + JournalFrame.PREFIX + payload.length);
            return new TxRecord(type, txId, group, topic, queueId, offset, aux, xid);
        } catch (FrameCodecException e) {
            return null;
        }
    }
}
