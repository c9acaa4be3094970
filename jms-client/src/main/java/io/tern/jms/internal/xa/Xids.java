package io.tern.jms.internal.xa;

import javax.transaction.xa.XAException;
import javax.transaction.xa.Xid;
import java.util.Arrays;

/**
 * Converts between the transaction manager's {@link Xid}s and the engine's {@link io.tern.protocol.Xid}, and the
 * Xid {@code recover} hands back. Thread rules: stateless.
 */
final class Xids {
    private Xids() {
    }

    /** The engine form; a null Xid or one XA does not allow (formatId -1, parts too long) is {@code XAER_INVAL}. */
    static io.tern.protocol.Xid toEngine(Xid xid) throws XAException {
        if (xid == null) {
            throw XaErrors.of(XAException.XAER_INVAL, "the Xid is null");
        }
        try {
            return new io.tern.protocol.Xid(xid.getFormatId(), xid.getGlobalTransactionId(), xid.getBranchQualifier());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw XaErrors.of(XAException.XAER_INVAL, "Xid " + xid + " is not a valid XA Xid: " + e.getMessage());
        }
    }

    static Xid fromEngine(io.tern.protocol.Xid x) {
        return new Recovered(x.formatId(), x.gtrid(), x.bqual());
    }

    /** A branch id read back from a broker by {@code recover}; equal to any Xid of the same content. */
    record Recovered(int formatId, byte[] gtrid, byte[] bqual) implements Xid {
        @Override
        public int getFormatId() {
            return formatId;
        }

        @Override
        public byte[] getGlobalTransactionId() {
            return gtrid.clone();
        }

        @Override
        public byte[] getBranchQualifier() {
            return bqual.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Xid x && x.getFormatId() == formatId && Arrays.equals(x.getGlobalTransactionId(), gtrid)
                    && Arrays.equals(x.getBranchQualifier(), bqual);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * formatId + Arrays.hashCode(gtrid)) + Arrays.hashCode(bqual);
        }

        @Override
        public String toString() {
            return new io.tern.protocol.Xid(formatId, gtrid, bqual).toTxId();
        }
    }
}
