package io.tern.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link CommandCode#XA_PREPARE}, {@link CommandCode#XA_COMMIT} and {@link CommandCode#XA_ROLLBACK}: the branch's
 * half messages and held acks were sent with {@code txId = xid.toTxId()}.
 * <pre>
 *   request header:  | formatId (int) | gtrid (bytes) | bqual (bytes) | onePhase (bool: commit only; false otherwise) |
 *                    | records (int: prepare and one-phase commit, as in EndTransaction; else -1) |
 *   response header: | state (byte: 2 prepared, 3 committed, 4 rolled back) | repeated (bool) |  (as EndTransaction.Result)
 *
 *   XA_RECOVER response header: | count (int) | count x (formatId (int) | gtrid (bytes) | bqual (bytes)) |
 * </pre>
 * Prepare answers after the journal holding the branch's messages and acks is forced, and the commit log is
 * flushed past its last half message. A prepared branch is never checked back nor resolved by the broker.
 */
public record XaRequest(Xid xid, boolean onePhase, int records) {
    public static final byte STATE_PREPARED = 2;

    /** A request that ends a branch without checking its records: a two-phase commit, a rollback, recovery's calls. */
    public XaRequest(Xid xid, boolean onePhase) {
        this(xid, onePhase, EndTransaction.UNCOUNTED);
    }

    public byte[] encode() {
        Headers.Writer w = Headers.writer();
        xid.writeTo(w);
        return w.bool(onePhase).i32(records).toBytes();
    }

    public static XaRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        XaRequest x = new XaRequest(Xid.readFrom(r), r.bool(), r.i32());
        r.end();
        if (x.records() < EndTransaction.UNCOUNTED) {
            throw new FrameCodecException("XA request records " + x.records() + " is not a count (0 or more) nor " + EndTransaction.UNCOUNTED);
        }
        return x;
    }

    public static byte[] encodeXids(List<Xid> xids) {
        Headers.Writer w = Headers.writer().i32(xids.size());
        xids.forEach(x -> x.writeTo(w));
        return w.toBytes();
    }

    public static List<Xid> decodeXids(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        int n = TopicRoute.count(r, header);
        List<Xid> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Xid.readFrom(r));
        }
        r.end();
        return out;
    }
}
