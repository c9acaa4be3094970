package io.tern.protocol;

/**
 * {@link CommandCode#TX_ACK}: acknowledge a leased message as part of a transaction.
 * <pre>
 *   request header:  | txId (string) | group (string) | topic (string) | receiptHandle (string) |
 *   response header: empty
 * </pre>
 * The lease must be held now; the broker then extends it for the transaction ({@code txHoldMillis}) so nobody else
 * receives the message meanwhile. The ack applies when the transaction commits; on rollback the lease is given back
 * (redelivered at once). Answered {@link ResponseCode#LEASE_EXPIRED} when the handle holds no lease and
 * {@link ResponseCode#TX_CONFLICT} when the transaction is resolved or prepared.
 */
public record TxAckRequest(String txId, String group, String topic, String receiptHandle) {
    public byte[] encode() {
        return Headers.writer().str(txId).str(group).str(topic).str(receiptHandle).toBytes();
    }

    public static TxAckRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        TxAckRequest a = new TxAckRequest(r.str(), r.str(), r.str(), r.str());
        r.end();
        String bad = Transactions.invalidTxId(a.txId());
        if (bad != null) {
            throw new FrameCodecException(bad);
        }
        LeaseHeaders.require(a.group(), a.topic(), a.receiptHandle(), "transactional ack");
        return a;
    }
}
