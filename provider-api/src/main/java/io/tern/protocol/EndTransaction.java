package io.tern.protocol;

/**
 * {@link CommandCode#END_TRANSACTION}: commit or roll back a local transaction; also the producer's answer to a
 * {@link CheckTransaction} (then {@code fromCheck} is true and it may be sent oneway).
 * <pre>
 *   request header:  | txId (string) | producerGroup (string) | action (byte: 1 commit, 2 rollback) | fromCheck (bool) |
 *                    | records (int) |
 *   response header: | state (byte: 3 committed, 4 rolled back) | repeated (bool: it was resolved so already) |
 * </pre>
 * {@code records}: on a commit, how many records the sender had the broker take in the transaction (messages, held
 * acks, distinct held offsets), or {@link #UNCOUNTED}. A broker holding a different number (it lost records written
 * but not yet forced in a machine crash, or took one whose answer never arrived) rolls the transaction back and
 * answers {@link ResponseCode#TX_CONFLICT}: all or nothing, never part (Artemis's commit record counts the same way).
 * Idempotent: a repeated commit of a committed transaction (or rollback of a rolled-back one) answers OK with
 * {@code repeated} true and changes nothing. The opposite decision answers {@link ResponseCode#TX_CONFLICT}; a
 * transaction the broker does not know answers {@link ResponseCode#TX_UNKNOWN}.
 */
public record EndTransaction(String txId, String producerGroup, byte action, boolean fromCheck, int records) {
    /** No count to check: a rollback, or a check-back's answer (the checking member did not send the records). */
    public static final int UNCOUNTED = -1;
    public static final byte COMMIT = 1;
    public static final byte ROLLBACK = 2;
    /** Response states (the numbers match the broker's transaction states). */
    public static final byte STATE_COMMITTED = 3;
    public static final byte STATE_ROLLED_BACK = 4;

    public byte[] encode() {
        return Headers.writer().str(txId).str(producerGroup).i8(action).bool(fromCheck).i32(records).toBytes();
    }

    public static EndTransaction decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        EndTransaction e = new EndTransaction(r.str(), r.str(), (byte) r.i8(), r.bool(), r.i32());
        r.end();
        String bad = Transactions.invalidTxId(e.txId());
        if (bad != null) {
            throw new FrameCodecException(bad);
        }
        if (e.action() != COMMIT && e.action() != ROLLBACK) {
            throw new FrameCodecException("end-transaction action " + e.action() + " is not 1 (commit) or 2 (rollback)");
        }
        if (e.records() < UNCOUNTED) {
            throw new FrameCodecException("end-transaction records " + e.records() + " is not a count (0 or more) nor " + UNCOUNTED);
        }
        return e;
    }

    /** The response: the state the transaction is in now, and whether this request found it so already. */
    public record Result(byte state, boolean repeated) {
        public byte[] encode() {
            return Headers.writer().i8(state).bool(repeated).toBytes();
        }

        public static Result decode(byte[] header) {
            Headers.Reader r = Headers.reader(header);
            Result x = new Result((byte) r.i8(), r.bool());
            r.end();
            return x;
        }
    }
}
