package io.tern.client.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PriorityBufferTest {
    private final PriorityBuffer<String> buffer = new PriorityBuffer<>();

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        for (String s = buffer.poll(); s != null; s = buffer.poll()) {
            out.add(s);
        }
        return out;
    }

    @Test
    void handsOutTheHighestPriorityFirstAndEqualPrioritiesInArrivalOrder() {
        buffer.offer("low0", 1);
        buffer.offer("default0", 4);
        buffer.offer("low1", 1);
        buffer.offer("high0", 9);
        buffer.offer("default1", 4);
        buffer.offer("high1", 9);
        buffer.offer("lowest", 0);
        assertThat(buffer.size()).isEqualTo(7);
        assertThat(drain()).containsExactly("high0", "high1", "default0", "default1", "low0", "low1", "lowest");
        assertThat(buffer.size()).isZero();
    }

    @Test
    void oneEqualPriorityIsFirstInFirstOut() {
        for (int i = 0; i < 1000; i++) {
            buffer.offer("m" + i, 4);
        }
        List<String> out = drain();
        for (int i = 0; i < 1000; i++) {
            assertThat(out.get(i)).isEqualTo("m" + i);
        }
    }

    @Test
    void aHigherPriorityOfferedWhileLowerOnesWaitOvertakesThem() {
        buffer.offer("low0", 2);
        buffer.offer("low1", 2);
        assertThat(buffer.poll()).isEqualTo("low0");
        buffer.offer("high", 8);
        buffer.offer("low2", 2);
        assertThat(drain()).containsExactly("high", "low1", "low2");
    }

    @Test
    void aPriorityOutsideZeroToNineIsRefused() {
        assertThatThrownBy(() -> buffer.offer("x", 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10");
        assertThatThrownBy(() -> buffer.offer("x", -1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(buffer.size()).isZero();
    }

    @Test
    void removeIfDropsOnlyWhatItAcceptsAndKeepsTheOrderOfTheRest() {
        buffer.offer("a-low", 1);
        buffer.offer("b-low", 1);
        buffer.offer("a-high", 9);
        buffer.offer("b-high", 9);
        assertThat(buffer.removeIf(s -> s.startsWith("a-"))).isTrue();
        assertThat(buffer.removeIf(s -> s.startsWith("a-"))).isFalse();
        assertThat(buffer.size()).isEqualTo(2);
        assertThat(drain()).containsExactly("b-high", "b-low");
        buffer.offer("a-again", 1); // the emptied priorities work on
        assertThat(drain()).containsExactly("a-again");
    }

    @Test
    void aPollReturnsNullWhenNothingCameAndWakesForAnOffer() throws Exception {
        assertThat(buffer.poll()).isNull();
        assertThat(buffer.poll(Duration.ZERO)).isNull();
        CountDownLatch polling = new CountDownLatch(1);
        CompletableFuture<String> got = CompletableFuture.supplyAsync(() -> {
            polling.countDown();
            try {
                return buffer.poll(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        });
        polling.await();
        buffer.offer("woken", 4);
        assertThat(got.get(30, TimeUnit.SECONDS)).isEqualTo("woken");
    }

    /**
     * Four offering threads (pull answers of four queues) against one polling thread: nothing is lost or duplicated,
     * and per queue and priority the items leave in the order they were offered.
     */
    @Test
    void concurrentOffersKeepEachQueuesOrderWithinAPriority() throws Exception {
        int queues = 4;
        int perQueue = 20_000;
        PriorityBuffer<long[]> shared = new PriorityBuffer<>(); // {queue, sequence, priority}
        ExecutorService offerers = Executors.newFixedThreadPool(queues);
        try {
            for (int q = 0; q < queues; q++) {
                int queue = q;
                offerers.execute(() -> {
                    Random random = new Random(queue);
                    for (int i = 0; i < perQueue; i++) {
                        int priority = random.nextInt(10);
                        shared.offer(new long[]{queue, i, priority}, priority);
                    }
                });
            }
            long[][] last = new long[queues][10];
            for (long[] row : last) {
                Arrays.fill(row, -1);
            }
            for (int taken = 0; taken < queues * perQueue; taken++) {
                long[] item = shared.poll(Duration.ofSeconds(30));
                assertThat(item).as("item %d of %d", taken, queues * perQueue).isNotNull();
                int q = (int) item[0];
                int p = (int) item[2];
                assertThat(item[1]).as("queue %d priority %d", q, p).isGreaterThan(last[q][p]);
                last[q][p] = item[1];
            }
            assertThat(shared.poll()).isNull();
        } finally {
            offerers.shutdownNow();
        }
    }
}
