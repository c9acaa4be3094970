package io.tern.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static io.tern.store.StoreFixture.appendNow;
import static io.tern.store.StoreFixture.crashCopy;
import static io.tern.store.StoreFixture.settle;
import static io.tern.store.StoreFixture.small;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MessageStore#deleteTopic}: the queues go, and neither a crash (with a checkpoint that still lists them, or
 * none) nor the dispatcher ever files the deleted topic's records again; a topic of that name created later keeps
 * only its own records; the tombstone goes once retention deleted the records it hides. Agents driven by hand.
 */
class TopicDeletionTest {
    @TempDir
    Path tmp;
    final TestClock clock = new TestClock(1_000_000);

    private static void fill(MessageStore s, String topic, int from, int n) throws Exception {
        for (int i = from; i < from + n; i++) {
            appendNow(s, TestMessages.message(i, topic, 0));
        }
    }

    private static void delete(MessageStore s, String topic) throws Exception {
        CompletableFuture<Void> f = s.deleteTopic(topic);
        settle(s);
        assertThat(f).isCompleted();
    }

    @Test
    void aDeletedTopicsQueuesAreGoneAndStayGoneAfterACrashWhoseCheckpointStillListsThem() throws Exception {
        Path live = tmp.resolve("live");
        try (MessageStore s = MessageStore.open(small(live, clock).build())) {
            fill(s, "gone", 0, 20);
            fill(s, "kept", 20, 10);
            clock.advance(Duration.ofSeconds(5));
            settle(s); // a checkpoint that lists gone's queue
            delete(s, "gone");
            assertThat(s.maxOffset("gone", 0)).isZero();
            assertThat(s.read("gone", 0, 3)).isEmpty();
            assertThat(live.resolve("consumequeue/gone")).doesNotExist();
            assertThat(s.topicDeleted("gone")).isTrue();
            crashCopy(live, tmp.resolve("crash"));
        }
        try (MessageStore s = MessageStore.open(small(tmp.resolve("crash"), clock).build())) {
            assertThat(s.maxOffset("gone", 0)).isZero();
            assertThat(s.read("gone", 0, 0)).isEmpty();
            assertThat(tmp.resolve("crash/consumequeue/gone")).doesNotExist();
            assertThat(s.maxOffset("kept", 0)).isEqualTo(10);
            assertThat(s.read("kept", 0, 9)).isPresent();
        }
    }

    @Test
    void aCrashAfterTheDeletionWasAskedForAndBeforeTheDispatcherRemovedTheQueuesStillRemovesThem() throws Exception {
        Path live = tmp.resolve("early");
        try (MessageStore s = MessageStore.open(small(live, clock).build())) {
            fill(s, "gone", 0, 5);
            clock.advance(Duration.ofSeconds(5));
            settle(s);
            CompletableFuture<Void> f = s.deleteTopic("gone"); // the tombstone is on disk; the agents have not run
            assertThat(f).isNotDone();
            assertThat(live.resolve("consumequeue/gone")).isDirectory();
            crashCopy(live, tmp.resolve("early-crash"));
        }
        try (MessageStore s = MessageStore.open(small(tmp.resolve("early-crash"), clock).build())) {
            assertThat(s.maxOffset("gone", 0)).isZero();
            assertThat(tmp.resolve("early-crash/consumequeue/gone")).doesNotExist();
        }
    }

    @Test
    void aTopicCreatedAgainKeepsOnlyItsNewRecordsEvenWhenEveryQueueIsRebuiltFromTheLog() throws Exception {
        Path live = tmp.resolve("re");
        try (MessageStore s = MessageStore.open(small(live, clock).build())) {
            fill(s, "re", 0, 5);
            delete(s, "re");
            fill(s, "re", 100, 3);
            assertThat(s.maxOffset("re", 0) - s.minOffset("re", 0)).isEqualTo(3);
            crashCopy(live, tmp.resolve("re-crash"));
        }
        Path crashed = tmp.resolve("re-crash");
        Files.delete(crashed.resolve("checkpoint"));
        try (Stream<Path> files = Files.walk(crashed.resolve("consumequeue"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (MessageStore s = MessageStore.open(small(crashed, clock).build())) {
            long min = s.minOffset("re", 0);
            assertThat(s.maxOffset("re", 0) - min).as("only the new incarnation's records").isEqualTo(3);
            assertThat(s.read("re", 0, min).orElseThrow().message().properties().get("seq")).isEqualTo(100L);
        }
    }

    @Test
    void theTombstoneGoesOnceRetentionDeletedTheRecordsItHides() throws Exception {
        Path live = tmp.resolve("ret");
        try (MessageStore s = MessageStore.open(small(live, clock).retention(Duration.ofMinutes(1))
                .retentionCheckInterval(Duration.ofMillis(1)).build())) {
            fill(s, "old", 0, 40); // several 8 KiB segments
            delete(s, "old");
            assertThat(s.deletedTopicCount()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(2));
            fill(s, "new", 100, 120); // new segments, stored after the old ones' retention ran out
            clock.advance(Duration.ofMinutes(2));
            settle(s);
            assertThat(s.minCommitLogOffset()).isPositive();
            assertThat(s.topicDeleted("old")).isFalse();
            assertThat(s.deletedTopicCount()).isZero();
        }
    }
}
