package io.tern.broker.internal.lease;

import io.tern.protocol.DeliveryStateQuery.State;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cursor's bookkeeping, driven by hand: time is a number passed in, nothing waits. */
class LeaseCursorTest {
    private static final long INVISIBLE = 1_000;
    private final AtomicLong ids = new AtomicLong(100);
    private final LeaseCursor cursor = new LeaseCursor(0, ids::incrementAndGet);

    private LeaseCursor.Grant leaseNext(long now) {
        long ready = cursor.firstReady();
        return ready >= 0 ? cursor.leaseReady(ready, now, INVISIBLE) : cursor.leaseNew(cursor.frontier(), now, INVISIBLE);
    }

    @Test
    void outOfOrderAcksMoveTheWatermarkOnlyOverAContiguousAckedPrefix() {
        LeaseCursor.Grant[] g = new LeaseCursor.Grant[5];
        for (int i = 0; i < 5; i++) {
            g[i] = leaseNext(0);
            assertThat(g[i].offset()).isEqualTo(i);
            assertThat(g[i].deliveryCount()).isEqualTo(1);
        }
        assertThat(cursor.ack(3, g[3].receiptId(), 1)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.ack(1, g[1].receiptId(), 1)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.watermark()).isZero();
        assertThat(cursor.ack(0, g[0].receiptId(), 1)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.watermark()).isEqualTo(2);
        assertThat(cursor.ack(2, g[2].receiptId(), 1)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.watermark()).isEqualTo(4);
        assertThat(cursor.ack(4, g[4].receiptId(), 1)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.watermark()).isEqualTo(5);
        assertThat(cursor.inFlight()).isZero();
        assertThat(cursor.snapshot().acked()).isEmpty();
    }

    @Test
    void anExpiredLeaseComesBackWithItsDeliveryCountOneHigher() {
        LeaseCursor.Grant first = leaseNext(0);
        LeaseCursor.Grant other = leaseNext(0);
        assertThat(cursor.expire(INVISIBLE - 1)).isZero();
        assertThat(cursor.nextDeadline()).isEqualTo(INVISIBLE);
        cursor.ack(other.offset(), other.receiptId(), 10);
        assertThat(cursor.expire(INVISIBLE)).isEqualTo(1);
        assertThat(cursor.firstReady()).isEqualTo(first.offset());
        LeaseCursor.Grant again = leaseNext(INVISIBLE);
        assertThat(again.offset()).isEqualTo(first.offset());
        assertThat(again.deliveryCount()).isEqualTo(2);
        assertThat(again.receiptId()).isNotEqualTo(first.receiptId());
        cursor.expire(3 * INVISIBLE);
        assertThat(leaseNext(3 * INVISIBLE).deliveryCount()).isEqualTo(3);
    }

    @Test
    void aStaleHandleIsRefusedAndNeverAcksTheNewLease() {
        LeaseCursor.Grant first = leaseNext(0);
        cursor.expire(INVISIBLE);
        LeaseCursor.Grant second = leaseNext(INVISIBLE);
        assertThat(cursor.ack(0, first.receiptId(), INVISIBLE + 1)).isEqualTo(LeaseCursor.Outcome.NOT_HELD);
        assertThat(cursor.isAcked(0)).isFalse();
        assertThat(cursor.ack(0, second.receiptId(), INVISIBLE + 1)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.ack(0, second.receiptId(), INVISIBLE + 2)).isEqualTo(LeaseCursor.Outcome.ALREADY_ACKED);
    }

    @Test
    void anAckAfterTheDeadlineIsRefusedEvenIfNobodyExpiredTheLeaseYet() {
        LeaseCursor.Grant g = leaseNext(0);
        assertThat(cursor.ack(g.offset(), g.receiptId(), INVISIBLE)).isEqualTo(LeaseCursor.Outcome.NOT_HELD);
        assertThat(cursor.firstReady()).isEqualTo(g.offset());
    }

    @Test
    void nackRedeliversAtOnceOrAfterItsDelayAndInvalidatesTheHandle() {
        LeaseCursor.Grant a = leaseNext(0);
        LeaseCursor.Grant b = leaseNext(0);
        assertThat(cursor.nack(a.offset(), a.receiptId(), 5, 0)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.firstReady()).isEqualTo(a.offset());
        assertThat(cursor.ack(a.offset(), a.receiptId(), 6)).isEqualTo(LeaseCursor.Outcome.NOT_HELD);

        assertThat(cursor.nack(b.offset(), b.receiptId(), 5, 500)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(leaseNext(6).offset()).isEqualTo(a.offset()); // b is parked
        assertThat(cursor.firstReady()).isEqualTo(-1);
        assertThat(cursor.nextDeadline()).isEqualTo(505);
        assertThat(cursor.expire(505)).isEqualTo(1);
        LeaseCursor.Grant b2 = leaseNext(505);
        assertThat(b2.offset()).isEqualTo(b.offset());
        assertThat(b2.deliveryCount()).isEqualTo(2);
    }

    @Test
    void changeInvisibilityMovesTheDeadlineAndKeepsTheHandle() {
        LeaseCursor.Grant g = leaseNext(0);
        assertThat(cursor.changeInvisibility(g.offset(), g.receiptId(), 900, 5_000)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.expire(INVISIBLE)).isZero();
        assertThat(cursor.nextDeadline()).isEqualTo(5_900);
        assertThat(cursor.ack(g.offset(), g.receiptId(), 5_000)).isEqualTo(LeaseCursor.Outcome.OK);
    }

    @Test
    void skippedOffsetsCountAsAckedAndOffsetsGoneFromTheStoreToo() {
        cursor.skip(0);
        LeaseCursor.Grant g = leaseNext(0);
        assertThat(g.offset()).isEqualTo(1);
        cursor.skip(2);
        assertThat(cursor.frontier()).isEqualTo(3);
        assertThat(cursor.watermark()).isEqualTo(1);
        cursor.skipBelow(10);
        assertThat(cursor.watermark()).isEqualTo(10);
        assertThat(cursor.frontier()).isEqualTo(10);
        assertThat(cursor.inFlight()).isZero();
    }

    @Test
    void passedOffsetsStayUnclaimedAndUnackedUntilSomeoneLeasesThem() {
        cursor.pass(0);
        cursor.pass(1);
        cursor.pass(2);
        assertThat(cursor.frontier()).isEqualTo(3);
        assertThat(cursor.watermark()).as("nobody took them: still the group's backlog").isZero();
        assertThat(cursor.isAcked(0)).isFalse();
        assertThat(cursor.unclaimedFrom(1, 10)).containsExactly(1L, 2L);
        cursor.unclaimedMark("f", 2);
        assertThat(cursor.unclaimedMark("f")).isEqualTo(2);
        assertThat(cursor.unclaimedMark("other")).isZero();
        LeaseCursor.Grant g = cursor.leaseUnclaimed(1, 0, INVISIBLE);
        assertThat(g.deliveryCount()).isEqualTo(1);
        assertThat(cursor.unclaimedFrom(0, 10)).containsExactly(0L, 2L);
        cursor.ack(1, g.receiptId(), 1);
        cursor.skip(0); // expired: gone for everyone
        assertThat(cursor.watermark()).isEqualTo(2);
        assertThatThrownBy(() -> cursor.leaseUnclaimed(1, 0, INVISIBLE)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> cursor.pass(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("below the frontier");
    }

    @Test
    void aRestoredCountOfAPassedOffsetSurvivesTheNextSnapshot() {
        LeaseCursor c = LeaseCursor.restored(new LeaseCursor.Snapshot(0, new long[0], Map.of(1L, 3)), 0, ids::incrementAndGet);
        c.pass(0);
        c.pass(1);
        assertThat(c.snapshot().deliveries()).isEqualTo(Map.of(1L, 3));
        assertThat(c.leaseUnclaimed(1, 0, INVISIBLE).deliveryCount()).isEqualTo(4);
    }

    @Test
    void aRestoredCursorSkipsAckedOffsetsAndMarksTheRestRedelivered() {
        LeaseCursor.Snapshot s = new LeaseCursor.Snapshot(2, new long[]{3, 5}, Map.of(4L, 3));
        LeaseCursor c = LeaseCursor.restored(s, 7, ids::incrementAndGet);
        assertThat(c.watermark()).isEqualTo(2);
        LeaseCursor.Grant g2 = c.leaseNew(c.frontier(), 0, INVISIBLE);
        LeaseCursor.Grant g4 = c.leaseNew(c.frontier(), 0, INVISIBLE);
        LeaseCursor.Grant g6 = c.leaseNew(c.frontier(), 0, INVISIBLE);
        LeaseCursor.Grant g7 = c.leaseNew(c.frontier(), 0, INVISIBLE);
        assertThat(new long[]{g2.offset(), g4.offset(), g6.offset(), g7.offset()}).containsExactly(2, 4, 6, 7);
        assertThat(new int[]{g2.deliveryCount(), g4.deliveryCount(), g6.deliveryCount(), g7.deliveryCount()}).containsExactly(2, 4, 2, 1);
        c.ack(2, g2.receiptId(), 1);
        assertThat(c.watermark()).isEqualTo(4);
    }

    @Test
    void leasingAnOffsetThatIsNotReadyIsABug() {
        assertThatThrownBy(() -> cursor.leaseReady(7, 0, INVISIBLE)).isInstanceOf(IllegalStateException.class).hasMessageContaining("offset 7");
    }

    @Test
    void positionOfTellsEachStateAndMovesNothing() {
        LeaseCursor.Grant acked = leaseNext(0);
        LeaseCursor.Grant leased = leaseNext(0);
        LeaseCursor.Grant parked = leaseNext(0);
        LeaseCursor.Grant ready = leaseNext(0);
        cursor.pass(4); // a receive's filter did not take it
        cursor.ack(acked.offset(), acked.receiptId(), 1);
        cursor.nack(parked.offset(), parked.receiptId(), 1, 5 * INVISIBLE);
        cursor.nack(ready.offset(), ready.receiptId(), 1, 0);

        assertThat(cursor.positionOf(0, 2)).isEqualTo(new LeaseCursor.Position(State.ACKED, 0, -1));
        assertThat(cursor.positionOf(1, 2)).isEqualTo(new LeaseCursor.Position(State.LEASED, 1, INVISIBLE));
        assertThat(cursor.positionOf(2, 2)).isEqualTo(new LeaseCursor.Position(State.PARKED, 1, 1 + 5 * INVISIBLE));
        assertThat(cursor.positionOf(3, 2)).isEqualTo(new LeaseCursor.Position(State.READY, 1, -1));
        assertThat(cursor.positionOf(4, 2)).isEqualTo(new LeaseCursor.Position(State.UNCLAIMED, 0, -1));
        assertThat(cursor.positionOf(5, 2)).isEqualTo(new LeaseCursor.Position(State.NOT_DELIVERED, 0, -1));

        assertThat(cursor.positionOf(1, INVISIBLE)).as("past its deadline a lease is as good as ready")
                .isEqualTo(new LeaseCursor.Position(State.READY, 1, -1));
        assertThat(cursor.leasedOffsets()).as("nothing expired by looking").containsExactly(1L, 2L);
        assertThat(cursor.firstReady()).isEqualTo(3);

        assertThat(cursor.pin(1, leased.receiptId(), LeaseCursor.UNTIL_RESOLVED, 2)).isTrue();
        assertThat(cursor.positionOf(1, Long.MAX_VALUE - 1)).as("pinned by a prepared transaction")
                .isEqualTo(new LeaseCursor.Position(State.LEASED, 1, -1));
    }

    @Test
    void positionOfARestoredOffsetCountsItsEarlierDeliveries() {
        LeaseCursor c = LeaseCursor.restored(new LeaseCursor.Snapshot(0, new long[0], Map.of(1L, 3)), 5, ids::incrementAndGet);
        assertThat(c.positionOf(1, 0)).isEqualTo(new LeaseCursor.Position(State.NOT_DELIVERED, 3, -1));
        assertThat(c.positionOf(2, 0)).as("below the queue's end at the restart: may have been delivered once")
                .isEqualTo(new LeaseCursor.Position(State.NOT_DELIVERED, 1, -1));
        assertThat(c.positionOf(5, 0)).isEqualTo(new LeaseCursor.Position(State.NOT_DELIVERED, 0, -1));
    }

    @Test
    void aPinnedLeaseNeverExpiresAndEndsOnlyByItsReceiptId() {
        LeaseCursor.Grant g = leaseNext(0);
        assertThat(cursor.pin(g.offset(), g.receiptId() + 1, LeaseCursor.UNTIL_RESOLVED, 1)).as("another receipt id").isFalse();
        assertThat(cursor.pin(g.offset(), g.receiptId(), LeaseCursor.UNTIL_RESOLVED, 1)).isTrue();
        assertThat(cursor.expire(Long.MAX_VALUE - 1)).isZero();
        assertThat(cursor.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(cursor.nack(g.offset(), g.receiptId(), 2, 0)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.firstReady()).isEqualTo(g.offset());
        LeaseCursor.Grant again = leaseNext(3);
        assertThat(again.deliveryCount()).isEqualTo(2);
        cursor.ack(again.offset(), again.receiptId(), 4);
        assertThat(cursor.pin(again.offset(), again.receiptId(), LeaseCursor.UNTIL_RESOLVED, 5)).as("acked").isFalse();
    }

    @Test
    void afterARestartAPinBeyondTheFrontierLeavesTheOffsetsBeforeItUnclaimedNotAcked() {
        LeaseCursor c = LeaseCursor.restored(new LeaseCursor.Snapshot(2, new long[] {3}, Map.of(4L, 2)), 10, ids::incrementAndGet);
        c.unclaimedMark("f", 6);
        assertThat(c.pin(6, 77, 500, 0)).isTrue();
        assertThat(c.frontier()).isEqualTo(7);
        assertThat(c.unclaimedFrom(0, 10)).containsExactly(2L, 4L, 5L);
        assertThat(c.deliveries(4)).isEqualTo(2);
        assertThat(c.deliveries(6)).as("below the queue end at restart: delivered once before").isEqualTo(1);
        assertThat(c.unclaimedMark("f")).as("marks no longer hold").isZero();
        assertThat(c.watermark()).isEqualTo(2);
        assertThat(c.expire(499)).isZero();
        assertThat(c.expire(500)).as("an open transaction's pin runs out like a lease").isEqualTo(1);
        assertThat(c.readyOffsets(10)).containsExactly(6L);
    }

    @Test
    void aResetAcksEverythingBelowItAndNothingAtOrAboveAndVoidsTheLeases() {
        LeaseCursor.Grant[] g = new LeaseCursor.Grant[6];
        for (int i = 0; i < 6; i++) {
            g[i] = leaseNext(0);
        }
        cursor.ack(0, g[0].receiptId(), 1);
        cursor.ack(4, g[4].receiptId(), 1);
        cursor.nack(1, g[1].receiptId(), 1, 0); // ready, delivered once
        cursor.nack(2, g[2].receiptId(), 1, 60_000); // parked
        cursor.unclaimedMark("f", 6);

        cursor.reset(3, 5);

        assertThat(cursor.watermark()).isEqualTo(3);
        assertThat(cursor.frontier()).isEqualTo(3);
        assertThat(cursor.isAcked(2)).isTrue();
        assertThat(cursor.isAcked(4)).as("acked before the reset").isFalse();
        assertThat(cursor.leasedOffsets()).isEmpty();
        assertThat(cursor.firstReady()).isEqualTo(-1);
        assertThat(cursor.unclaimedMark("f")).isZero();
        assertThat(cursor.nextDeadline()).isEqualTo(Long.MAX_VALUE);
        assertThat(cursor.counts(5)).isEqualTo(new LeaseCursor.Counts(3, 0, 0, 0, 0, 0));
        assertThat(cursor.ack(3, g[3].receiptId(), 6)).isEqualTo(LeaseCursor.Outcome.RESET);
        assertThat(cursor.nack(5, g[5].receiptId(), 6, 0)).isEqualTo(LeaseCursor.Outcome.RESET);
        assertThat(cursor.lastReset().offset()).isEqualTo(3);
        assertThat(cursor.lastReset().at()).isEqualTo(5);
        LeaseCursor.Grant again = leaseNext(6);
        assertThat(again.offset()).isEqualTo(3);
        assertThat(again.deliveryCount()).as("delivery counts start again").isEqualTo(1);
        assertThat(cursor.ack(3, again.receiptId(), 7)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.ack(4, leaseNext(7).receiptId(), 7)).isEqualTo(LeaseCursor.Outcome.OK);
        assertThat(cursor.watermark()).isEqualTo(5);
    }

    @Test
    void countsSayWhereEachOffsetStandsAndPinsAreListed() {
        LeaseCursor.Grant[] g = new LeaseCursor.Grant[5];
        for (int i = 0; i < 5; i++) {
            g[i] = leaseNext(0);
        }
        cursor.pass(cursor.frontier()); // 5: unclaimed
        cursor.ack(0, g[0].receiptId(), 1);
        cursor.ack(2, g[2].receiptId(), 1);
        cursor.nack(3, g[3].receiptId(), 1, 0);
        cursor.nack(4, g[4].receiptId(), 1, 60_000);
        assertThat(cursor.counts(1)).isEqualTo(new LeaseCursor.Counts(1, 1, 1, 1, 1, 1));
        assertThat(cursor.counts(INVISIBLE + 1)).as("a lease past its deadline counts as ready").isEqualTo(new LeaseCursor.Counts(1, 1, 0, 2, 1, 1));
        assertThat(cursor.pinnedOffsets()).isEmpty();
        assertThat(cursor.pin(1, g[1].receiptId(), LeaseCursor.UNTIL_RESOLVED, 1)).isTrue();
        assertThat(cursor.pinnedOffsets()).containsExactly(1L);
    }
}
