package io.tern.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * {@link CommandCode#LIST_TRANSACTIONS}: every transaction a broker knows (open, prepared, parked, and the resolved ones
 * it remembers for {@code txResolvedRetention}). The request has no header; the response body:
 * <pre>
 *   | count (int) | count x ( txId (string) | state (byte) | producerGroup (string, null) | halves (int) | acks (int) |
 *                           | firstSeen (long, epoch ms; -1 without half messages) | resolvedAt (long, epoch ms; 0 if not) |
 *                           | checks (int) ) |
 *   state: 1 open, 2 prepared, 3 committed, 4 rolled back, 5 parked (unresolved after txMaxChecks check-backs: its
 *          half messages were copied to TERN_TX_UNRESOLVED)
 * </pre>
 */
public final class TransactionList {
    public static final byte OPEN = 1;
    public static final byte PREPARED = 2;
    public static final byte COMMITTED = 3;
    public static final byte ROLLED_BACK = 4;
    public static final byte PARKED = 5;

    /** One transaction as a broker sees it. */
    public record Entry(String txId, byte state, String producerGroup, int halves, int acks, long firstSeen, long resolvedAt, int checks) {
        /** "open", "prepared", "committed", "rolled back", "parked". */
        public String stateName() {
            return switch (state) {
                case OPEN -> "open";
                case PREPARED -> "prepared";
                case COMMITTED -> "committed";
                case ROLLED_BACK -> "rolled back";
                case PARKED -> "parked";
                default -> "state " + state;
            };
        }

        /** Open, prepared or parked: work someone still has to decide. */
        public boolean unresolved() {
            return state == OPEN || state == PREPARED || state == PARKED;
        }
    }

    private TransactionList() {
    }

    public static byte[] encode(List<Entry> entries) {
        Headers.Writer w = Headers.writer().i32(entries.size());
        for (Entry e : entries) {
            w.str(e.txId()).i8(e.state()).str(e.producerGroup()).i32(e.halves()).i32(e.acks()).i64(e.firstSeen()).i64(e.resolvedAt())
                    .i32(e.checks());
        }
        return w.toBytes();
    }

    public static List<Entry> decode(byte[] body) {
        Headers.Reader r = Headers.reader(body);
        int n = TopicRoute.count(r, body);
        List<Entry> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Entry(r.str(), (byte) r.i8(), r.str(), r.i32(), r.i32(), r.i64(), r.i64(), r.i32()));
        }
        r.end();
        return out;
    }
}
