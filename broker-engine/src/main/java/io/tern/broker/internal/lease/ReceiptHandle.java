package io.tern.broker.internal.lease;

/**
 * What a receiver holds for a lease, sent as text: {@code queueId:queueOffset:receiptIdHex}, e.g. {@code 2:1045:9f3a0c41d2e877b0}.
 * The group and topic travel beside it in every request. The receipt id is drawn from a counter that starts at a
 * random 64-bit value at each broker start, so a handle from before a restart matches a lease after it only with
 * probability ~n/2^64 for n leases. Immutable.
 */
public record ReceiptHandle(int queueId, long offset, long receiptId) {
    public String format() {
        return queueId + ":" + offset + ":" + Long.toHexString(receiptId);
    }

    /** @throws IllegalArgumentException naming the handle, if it is not one this broker makes */
    public static ReceiptHandle parse(String s) {
        String[] f = s.split(":");
        try {
            if (f.length == 3) {
                ReceiptHandle h = new ReceiptHandle(Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseUnsignedLong(f[2], 16));
                if (h.queueId() >= 0 && h.offset() >= 0 && h.receiptId() != 0) {
                    return h;
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        throw new IllegalArgumentException("receipt handle '" + s + "' is not queueId:offset:receiptId as this broker issues them");
    }
}
