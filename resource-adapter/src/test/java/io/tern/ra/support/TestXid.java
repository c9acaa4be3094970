package io.tern.ra.support;

import javax.transaction.xa.Xid;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/** A branch id as a transaction manager would make one: a unique global id and a branch qualifier. */
public record TestXid(int formatId, byte[] gtrid, byte[] bqual) implements Xid {
    public static TestXid fresh() {
        return new TestXid(4242, UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII), "b1".getBytes(StandardCharsets.US_ASCII));
    }

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

    public static boolean same(Xid a, Xid b) {
        return a.getFormatId() == b.getFormatId() && Arrays.equals(a.getGlobalTransactionId(), b.getGlobalTransactionId())
                && Arrays.equals(a.getBranchQualifier(), b.getBranchQualifier());
    }
}
