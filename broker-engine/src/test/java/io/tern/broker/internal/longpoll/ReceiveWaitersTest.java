package io.tern.broker.internal.longpoll;

import io.tern.broker.internal.filter.SubscriptionFilter;
import io.tern.protocol.ReceiveRequest;
import io.tern.store.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** Which events serve a held receive again; served inline (a direct executor), nothing waits. */
class ReceiveWaitersTest {
    private static final long FAR = Long.MAX_VALUE / 2;
    final TestClock clock = new TestClock(1_000);
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final ReceiveWaiters waiters = new ReceiveWaiters(Runnable::run, timer, clock);
    final List<ReceiveWaiters.Held> served = new CopyOnWriteArrayList<>();

    ReceiveWaitersTest() {
        waiters.server(served::add);
    }

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private ReceiveWaiters.Held held(String group, String topic) {
        return new ReceiveWaiters.Held(null, new ReceiveRequest(group, topic, 1, 1_000, 30_000, null, null), SubscriptionFilter.ALL, FAR,
                waiters.version(topic));
    }

    @Test
    void aDispatchOnAnyQueueOfTheTopicServesItsWaitersAgain() {
        ReceiveWaiters.Held a = held("g", "t");
        ReceiveWaiters.Held other = held("g", "u");
        waiters.hold(a, FAR);
        waiters.hold(other, FAR);
        assertThat(served).isEmpty();
        waiters.dispatched("t", 3, 10);
        assertThat(served).containsExactly(a);
        waiters.dispatched("t", 3, 11);
        assertThat(served).containsExactly(a); // served once: it left the map
    }

    @Test
    void aWakeServesOnlyThatGroupsWaiters() {
        ReceiveWaiters.Held g1 = held("g1", "t");
        ReceiveWaiters.Held g2 = held("g2", "t");
        waiters.hold(g1, FAR);
        waiters.hold(g2, FAR);
        waiters.wake("g2", "t");
        assertThat(served).containsExactly(g2);
    }

    @Test
    void anEventBetweenLookingAndHoldingServesAtOnce() {
        ReceiveWaiters.Held stale = held("g", "t"); // saw the version before the dispatch below
        waiters.dispatched("t", 0, 1);
        waiters.hold(stale, FAR);
        assertThat(served).containsExactly(stale);
    }

    @Test
    void releaseAllAnswersEveryWaiterAsExpired() {
        waiters.hold(held("g", "t"), FAR);
        waiters.hold(held("g", "u"), FAR);
        waiters.releaseAll();
        assertThat(served).hasSize(2).allSatisfy(h -> assertThat(h.deadline()).isEqualTo(Long.MIN_VALUE));
    }
}
