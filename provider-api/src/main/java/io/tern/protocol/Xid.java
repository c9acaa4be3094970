package io.tern.protocol;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An XA transaction branch identifier, as {@code javax/jakarta.transaction.xa.Xid} carries it; the JMS client adapts
 * those to this record. Equality is by content (the arrays' bytes), as XA requires.
 * <pre>
 *   wire: | formatId (int) | gtrid (bytes: int length | 1-64 bytes) | bqual (bytes: int length | 0-64 bytes) |
 * </pre>
 *
 * @param formatId the format (-1 is the XA null Xid and is refused)
 * @param gtrid    the global transaction id, 1-64 bytes
 * @param bqual    the branch qualifier, 0-64 bytes
 */
public record Xid(int formatId, byte[] gtrid, byte[] bqual) {
    /** XA's MAXGTRIDSIZE and MAXBQUALSIZE. */
    public static final int MAX_PART = 64;

    public Xid {
        Objects.requireNonNull(gtrid, "gtrid");
        Objects.requireNonNull(bqual, "bqual");
        if (formatId == -1 || gtrid.length < 1 || gtrid.length > MAX_PART || bqual.length > MAX_PART) {
            throw new IllegalArgumentException("xid (formatId " + formatId + ", gtrid " + gtrid.length + " bytes, bqual "
                    + bqual.length + " bytes) must have formatId != -1, a 1-64 byte gtrid and a 0-64 byte bqual");
        }
        gtrid = gtrid.clone();
        bqual = bqual.clone();
    }

    /**
     * The broker's transaction id for this branch: {@code xa:<formatId>:<gtrid hex>:<bqual hex>}. Half messages and
     * held acks of an XA branch carry it, so the broker keeps one table for local and XA transactions.
     */
    public String toTxId() {
        HexFormat hex = HexFormat.of();
        return "xa:" + formatId + ":" + hex.formatHex(gtrid) + ":" + hex.formatHex(bqual);
    }

    @Override
    public byte[] gtrid() {
        return gtrid.clone();
    }

    @Override
    public byte[] bqual() {
        return bqual.clone();
    }

    public void writeTo(Headers.Writer w) {
        w.i32(formatId).bytes(gtrid).bytes(bqual);
    }

    public static Xid readFrom(Headers.Reader r) {
        int formatId = r.i32();
        byte[] g = r.bytes();
        byte[] b = r.bytes();
        try {
            return new Xid(formatId, g, b);
        } catch (IllegalArgumentException e) {
            throw new FrameCodecException(e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Xid x && x.formatId == formatId && Arrays.equals(x.gtrid, gtrid) && Arrays.equals(x.bqual, bqual);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * formatId + Arrays.hashCode(gtrid)) + Arrays.hashCode(bqual);
    }

    @Override
    public String toString() {
        return toTxId();
    }
}
