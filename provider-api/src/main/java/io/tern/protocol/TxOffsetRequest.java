package io.tern.protocol;

/**
 * {@link CommandCode#TX_COMMIT_OFFSET}: hold a consumer group's offset commit of one queue in a transaction.
 * <pre>
 *   request header:  | txId (string) | group (string) | topic (string) | queueId (int) | offset (long) |
 *   response header: empty
 *
 *   e.g. txId "t", group "g", topic "q", queue 1, offset 7:
 *   00 01 74 | 00 01 67 | 00 01 71 | 00 00 00 01 | 00 00 00 00 00 00 00 07
 * </pre>
 * The offset is the next one the group will consume (as in {@link OffsetRequest}). It becomes the group's committed
 * offset when the transaction commits, unless the group has committed a higher one meanwhile; a rollback drops it.
 * A later hold for the same (group, topic, queue) in the same transaction replaces the earlier one. A transaction id
 * the broker does not know opens a transaction, as a transactional send or {@link TxAckRequest} does. Answered once
 * the broker's transaction journal holds it; {@link ResponseCode#TX_CONFLICT} when the transaction is resolved or
 * prepared, {@link ResponseCode#INVALID_REQUEST} for a topic or queue the broker does not serve or an offset outside
 * 0 to the queue's next offset.
 */
public record TxOffsetRequest(String txId, String group, String topic, int queueId, long offset) {
    public byte[] encode() {
        return Headers.writer().str(txId).str(group).str(topic).i32(queueId).i64(offset).toBytes();
    }

    public static TxOffsetRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        TxOffsetRequest o = new TxOffsetRequest(r.str(), r.str(), r.str(), r.i32(), r.i64());
        r.end();
        String bad = Transactions.invalidTxId(o.txId());
        if (bad != null) {
            throw new FrameCodecException(bad);
        }
        if (o.group() == null || o.topic() == null) {
            throw new FrameCodecException("transactional offset commit lacks group or topic");
        }
        return o;
    }
}
