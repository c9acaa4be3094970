package io.tern.broker.internal.lease;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LeaseCursor#giveBack} (RELEASE_LEASE, closed connections) and {@link ConnectionLeases}, driven by hand. */
class LeaseGiveBackTest {
    private static final long INVISIBLE = 60_000;
    private final AtomicLong ids = new AtomicLong(100);
    private final LeaseCursor cursor = new LeaseCursor(0, ids::incrementAndGet);

    @Test
    void aReleaseIsReadyAtOnceAndDoesNotCountTheDelivery() {
        LeaseCursor.Grant g = cursor.leaseNew(cursor.frontier(), 0, INVISIBLE);
        assertThat(cursor.giveBack(g.offset(), g.receiptId(), 1, false)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.firstReady()).isEqualTo(g.offset());
        assertThat(cursor.leaseReady(g.offset(), 2, INVISIBLE).deliveryCount()).isEqualTo(1);
        assertThat(cursor.giveBack(g.offset(), g.receiptId(), 3, false)).as("the old receipt id").isEqualTo(LeaseCursor.Outcome.NOT_HELD);
    }

    @Test
    void aClosedConnectionsLeaseIsReadyAtOnceAndCountsTheDelivery() {
        LeaseCursor.Grant g = cursor.leaseNew(cursor.frontier(), 0, INVISIBLE);
        assertThat(cursor.giveBack(g.offset(), g.receiptId(), 1, true)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.leaseReady(g.offset(), 2, INVISIBLE).deliveryCount()).isEqualTo(2);
    }

    @Test
    void aLeasePinnedByAPreparedTransactionIsNotGivenBack() {
        LeaseCursor.Grant g = cursor.leaseNew(cursor.frontier(), 0, INVISIBLE);
        assertThat(cursor.pin(g.offset(), g.receiptId(), LeaseCursor.UNTIL_RESOLVED, 1)).isTrue();
        assertThat(cursor.giveBack(g.offset(), g.receiptId(), 2, true)).isEqualTo(LeaseCursor.Outcome.NOT_HELD);
        assertThat(cursor.pinnedOffsets()).containsExactly(g.offset());
    }

    @Test
    void aConnectionsLeasesAreGivenBackOnceWhenItClosesAndEndedOrReLeasedOnesAreNot() {
        List<String> givenBack = new ArrayList<>();
        ConnectionLeases holders = new ConnectionLeases((s, receiptId) -> givenBack.add(s.offset() + "/" + receiptId));
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        holders.leased(a, new ConnectionLeases.Slot("g", "t", 0, 1), 11);
        holders.leased(a, new ConnectionLeases.Slot("g", "t", 0, 2), 12);
        holders.leased(a, new ConnectionLeases.Slot("g", "t", 0, 3), 13);
        holders.ended(new ConnectionLeases.Slot("g", "t", 0, 2)); // acked
        holders.leased(b, new ConnectionLeases.Slot("g", "t", 0, 3), 23); // expired on a, leased again to b
        assertThat(holders.heldByOther("g", "t", a, (s, id) -> true)).isTrue();
        assertThat(holders.heldByOther("g", "t", b, (s, id) -> true)).isTrue();
        assertThat(holders.heldByOther("g", "t", b, (s, id) -> false)).as("expired in the cursor").isFalse();

        holders.connectionClosed(a);
        holders.connectionClosed(a);

        assertThat(givenBack).containsExactly("1/11");
        assertThat(holders.size()).isEqualTo(1);
        holders.forget("g", "t");
        assertThat(holders.size()).isZero();
        holders.connectionClosed(b);
        assertThat(givenBack).containsExactly("1/11");
    }
}
