package io.tern.broker.internal.delay;

import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.message.SystemProperties;
import io.tern.store.MessageRecord;
import io.tern.store.MessageStore;
import io.tern.store.StoreFixture;
import io.tern.store.StoredMessage;
import io.tern.store.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The timer driven by hand: a manual-agent store, a test clock, {@code doWork()}; nothing sleeps. */
class DelayTimerTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final InetSocketAddress HOST = new InetSocketAddress("127.0.0.1", 5000);

    @TempDir
    Path dir;
    final TestClock clock = new TestClock(T0);

    private MessageStore open(Path d) {
        return MessageStore.open(StoreFixture.small(d, clock).segmentSize(64 * 1024).build());
    }

    private DelayTimer timer(MessageStore store, Path d, Duration rollAge) throws Exception {
        return new DelayTimer(store, d.resolve("timer"), clock, rollAge);
    }

    private static MessageRecord scheduled(long id, long deliverAt) {
        Properties p = Properties.builder().put("n", (int) id).put(SystemProperties.DELIVER_AT, deliverAt)
                .put(SystemProperties.REAL_TOPIC, "T").put(SystemProperties.REAL_QUEUE, 1).build();
        return new MessageRecord(new MessageId(7, id), DelayTimer.TOPIC, 0, T0, HOST, 0, p, List.of("k" + id), "tag", new byte[] {1, 2});
    }

    /** Runs the timer and the store until neither has anything to do. */
    private static void settle(MessageStore store, DelayTimer timer) throws Exception {
        for (int i = 0; i < 100; i++) {
            int work = timer.doWork();
            StoreFixture.settle(store);
            if (work == 0 && timer.doWork() == 0) {
                return;
            }
        }
        throw new AssertionError("timer still busy");
    }

    private static List<Long> delivered(MessageStore store) {
        return store.readRange("T", 1, 0, 1000).stream().map(s -> s.message().id().lo()).toList();
    }

    @Test
    void deliversInDueOrderNotBeforeDueWithSameIdAndWithoutRoutingProperties() throws Exception {
        try (MessageStore store = open(dir)) {
            DelayTimer timer = timer(store, dir, Duration.ofHours(24));
            StoreFixture.appendNow(store, scheduled(1, T0 + 300));
            StoreFixture.appendNow(store, scheduled(2, T0 + 100));
            StoreFixture.appendNow(store, scheduled(3, T0 + 200));
            settle(store, timer);
            assertThat(delivered(store)).isEmpty();
            assertThat(timer.stats().pending()).isEqualTo(3);
            clock.advance(Duration.ofMillis(99));
            settle(store, timer);
            assertThat(delivered(store)).isEmpty();
            clock.advance(Duration.ofMillis(1));
            settle(store, timer);
            assertThat(delivered(store)).containsExactly(2L);
            clock.advance(Duration.ofMillis(200));
            settle(store, timer);
            assertThat(delivered(store)).containsExactly(2L, 3L, 1L);
            StoredMessage m = store.read("T", 1, 0).orElseThrow();
            assertThat(m.message().id()).isEqualTo(new MessageId(7, 2));
            assertThat(m.message().properties().names()).containsExactly("n", SystemProperties.DELIVER_AT);
            assertThat(m.message().keys()).containsExactly("k2");
            assertThat(m.message().tag()).isEqualTo("tag");
            assertThat(m.storeTimestamp()).isGreaterThanOrEqualTo(T0 + 100);
            assertThat(timer.stats()).isEqualTo(new DelayTimer.Stats(0, 3, 0, 0, 0));
        }
    }

    @Test
    void restartRebuildsFromTheCheckpointAndDeliversEachOnce() throws Exception {
        try (MessageStore store = open(dir)) {
            DelayTimer timer = timer(store, dir, Duration.ofHours(24));
            for (int i = 1; i <= 5; i++) {
                StoreFixture.appendNow(store, scheduled(i, T0 + i * 1000L));
            }
            clock.advance(Duration.ofMillis(2500));
            settle(store, timer);
            clock.advance(Duration.ofMillis(1)); // the flush and checkpoint are periodic: let them come round
            settle(store, timer);
            timer.onClose();
            assertThat(delivered(store)).containsExactly(1L, 2L);
        }
        assertThat(TimerCheckpoint.load(dir.resolve("timer/checkpoint")).watermark()).isEqualTo(2);
        try (MessageStore store = open(dir)) {
            DelayTimer timer = timer(store, dir, Duration.ofHours(24));
            settle(store, timer);
            assertThat(timer.stats().pending()).isEqualTo(3);
            clock.advance(Duration.ofSeconds(10));
            settle(store, timer);
            assertThat(delivered(store)).containsExactly(1L, 2L, 3L, 4L, 5L);
            assertThat(timer.stats().duplicatesSkipped()).isZero();
        }
    }

    @Test
    void afterACrashBeforeTheCheckpointADeliveredMessageIsNotDeliveredAgain() throws Exception {
        Path crashed = Files.createDirectories(dir.resolve("crashed"));
        try (MessageStore store = open(dir.resolve("live"))) {
            DelayTimer timer = timer(store, dir.resolve("live"), Duration.ofHours(24));
            StoreFixture.appendNow(store, scheduled(1, T0 + 10));
            StoreFixture.appendNow(store, scheduled(2, T0 + 5000));
            clock.advance(Duration.ofMillis(10));
            settle(store, timer); // delivered, but no checkpoint yet (its period is 1 s)
            assertThat(delivered(store)).containsExactly(1L);
            assertThat(Files.exists(dir.resolve("live/timer/checkpoint"))).isFalse();
            StoreFixture.crashCopy(dir.resolve("live"), crashed);
        }
        try (MessageStore store = open(crashed)) {
            DelayTimer timer = timer(store, crashed, Duration.ofHours(24));
            settle(store, timer);
            assertThat(timer.stats().duplicatesSkipped()).isEqualTo(1);
            clock.advance(Duration.ofSeconds(5));
            settle(store, timer);
            assertThat(delivered(store)).containsExactly(1L, 2L);
        }
    }

    @Test
    void aMessageDueAfterTheRollAgeIsRolledForwardThenDeliveredOnce() throws Exception {
        try (MessageStore store = open(dir)) {
            DelayTimer timer = timer(store, dir, Duration.ofSeconds(1));
            StoreFixture.appendNow(store, scheduled(1, T0 + 2500));
            clock.advance(Duration.ofSeconds(1));
            settle(store, timer);
            clock.advance(Duration.ofSeconds(1));
            settle(store, timer);
            assertThat(timer.stats().rolled()).isEqualTo(2);
            assertThat(store.maxOffset(DelayTimer.TOPIC, 0)).isEqualTo(3);
            assertThat(delivered(store)).isEmpty();
            clock.advance(Duration.ofMillis(500));
            settle(store, timer);
            assertThat(delivered(store)).containsExactly(1L);
            assertThat(timer.stats().pending()).isZero();
        }
    }

    @Test
    void aRefusedAppendIsRetriedAfterABackOffAndDeliveredOnce() throws Exception {
        try (MessageStore store = MessageStore.open(StoreFixture.small(dir, clock).segmentSize(64 * 1024).writeQueueCapacity(1).build())) {
            DelayTimer timer = timer(store, dir, Duration.ofHours(24));
            for (int i = 1; i <= 3; i++) {
                StoreFixture.appendNow(store, scheduled(i, T0 + 10));
            }
            timer.doWork(); // indexes all three
            clock.advance(Duration.ofMillis(10));
            timer.doWork(); // fires all three at once: the writer queue takes one, BUSY for the others
            StoreFixture.settle(store);
            timer.doWork();
            assertThat(delivered(store)).hasSize(1);
            assertThat(timer.stats().pending()).isEqualTo(2);
            for (int round = 0; round < 10 && delivered(store).size() < 3; round++) {
                clock.advance(Duration.ofMillis(100)); // the back-off
                timer.doWork();
                StoreFixture.settle(store);
                timer.doWork();
            }
            assertThat(delivered(store)).containsExactlyInAnyOrder(1L, 2L, 3L);
            assertThat(timer.stats().delivered()).isEqualTo(3);
        }
    }
}
