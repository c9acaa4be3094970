package io.tern.broker.internal.longpoll;

import io.tern.broker.internal.filter.SubscriptionFilter;
import io.tern.protocol.PullRequest;
import io.tern.store.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Held pulls are served once, and an answered one leaves no timer behind. Served inline (a direct executor). */
class LongPollHolderTest {
    private static final long FAR = 1_000 + 3_600_000; // an hour past the clock: a timer that would outlive the test
    final TestClock clock = new TestClock(1_000);
    final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    final long[] maxOffset = {0};
    final LongPollHolder holder = new LongPollHolder(Runnable::run, timer, clock, (t, q) -> maxOffset[0]);
    final List<LongPollHolder.Held> served = new CopyOnWriteArrayList<>();

    LongPollHolderTest() {
        timer.setRemoveOnCancelPolicy(true);
        holder.server(served::add);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private static LongPollHolder.Held held(int queue, long offset, long deadline) {
        return new LongPollHolder.Held(null, new PullRequest("g", "t", queue, offset, 32, 30_000, null, null), SubscriptionFilter.ALL, deadline);
    }

    @Test
    void answeredHoldsCancelTheirTimers() {
        for (int i = 0; i < 1_000; i++) {
            holder.hold(held(i % 4, 0, FAR));
        }
        assertThat(holder.pendingTimers()).isEqualTo(1_000);
        assertThat(timer.getQueue()).hasSize(1_000);
        for (int q = 0; q < 4; q++) {
            holder.dispatched("t", q, 1);
        }
        assertThat(served).hasSize(1_000);
        assertThat(holder.waiting()).isZero();
        assertThat(holder.pendingTimers()).isZero();
        assertThat(timer.getQueue()).isEmpty(); // cancelled and removed, not left until their deadline an hour away
    }

    @Test
    void aDispatchServesOnlyTheHoldsBehindItOnItsQueue() {
        LongPollHolder.Held behind = held(0, 0, FAR);
        LongPollHolder.Held ahead = held(0, 5, FAR);
        LongPollHolder.Held otherQueue = held(1, 0, FAR);
        holder.hold(behind);
        holder.hold(ahead);
        holder.hold(otherQueue);
        holder.dispatched("t", 0, 1);
        assertThat(served).containsExactly(behind);
        assertThat(holder.pendingTimers()).isEqualTo(2);
    }

    @Test
    void aMessageFiledBeforeTheHoldServesItAtOnce() {
        maxOffset[0] = 1;
        holder.hold(held(0, 0, FAR));
        assertThat(served).hasSize(1);
        assertThat(holder.pendingTimers()).isZero();
    }

    @Test
    void aHoldWhoseWaitEndsIsServedExpiredAndItsTimerIsGone() {
        holder.hold(held(0, 0, clock.millis()));
        await().until(() -> served.size() == 1);
        assertThat(served.get(0).deadline()).isEqualTo(Long.MIN_VALUE);
        assertThat(holder.pendingTimers()).isZero();
        holder.dispatched("t", 0, 1);
        assertThat(served).hasSize(1); // served once
    }

    @Test
    void releaseAllAnswersEveryHoldAsExpiredAndCancelsTheTimers() {
        holder.hold(held(0, 0, FAR));
        holder.hold(held(1, 0, FAR));
        holder.releaseAll();
        assertThat(served).hasSize(2).allSatisfy(h -> assertThat(h.deadline()).isEqualTo(Long.MIN_VALUE));
        assertThat(holder.pendingTimers()).isZero();
        assertThat(timer.getQueue()).isEmpty();
    }
}
