package io.tern.protocol;

/**
 * {@link CommandCode#CHECK_TRANSACTION}, broker to a live member of the producer group, oneway: a transaction's half
 * messages are older than {@code txCheckTimeout} and it is neither resolved nor XA-prepared. The member asks its
 * checker and answers with {@link EndTransaction} ({@code fromCheck} true) to {@code brokerAddress}; "unknown"
 * needs no answer (the broker asks again, up to {@code txMaxChecks} times).
 * <pre>
 *   header: | brokerAddress (string: host:port) | txId (string) | producerGroup (string) | checkCount (int: 1 = first) |
 * </pre>
 */
public record CheckTransaction(String brokerAddress, String txId, String producerGroup, int checkCount) {
    public byte[] encode() {
        return Headers.writer().str(brokerAddress).str(txId).str(producerGroup).i32(checkCount).toBytes();
    }

    public static CheckTransaction decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        CheckTransaction c = new CheckTransaction(r.str(), r.str(), r.str(), r.i32());
        r.end();
        if (c.brokerAddress() == null || c.txId() == null || c.producerGroup() == null) {
            throw new FrameCodecException("check-transaction lacks broker address, transaction id or group");
        }
        return c;
    }
}
