package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.message.ReceivedMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * After an OS crash the consumer state (lease checkpoint, offsets file: both forced) can be ahead of the recovered
 * commit log, whose last records were written but not flushed. Messages stored later at the reused offsets must be
 * delivered, not counted as acked or consumed (issue 11, item 7). The crash is simulated by putting back the store's
 * files as they were before the last records, under consumer state that had acknowledged those records.
 */
class StateAheadOfTheLogIT {
    @TempDir
    Path dir;

    @Test
    void messagesStoredAtOffsetsTheLostStateHadAckedAreDelivered() throws Exception {
        Path data = dir.resolve("broker-a");
        Path before = dir.resolve("store-before");
        try (Cluster cluster = new Cluster(dir)) {
            cluster.startBroker("broker-a", b -> b);
            try (Admin admin = new Admin(List.of(cluster.nameServers()))) {
                admin.createTopic("ahead", 1);
            }
            send(cluster, "kept-", 3);
        }
        copyStore(data, before); // what the disk holds of the store when the machine dies below

        try (Cluster cluster = new Cluster(dir)) {
            cluster.startBroker("broker-a", b -> b);
            send(cluster, "lost-", 4); // written, consumed and acked, but (we pretend) never flushed
            try (LeaseConsumer lease = lease(cluster); PullConsumer pull = pull(cluster)) {
                assertThat(drainLease(lease, 7)).hasSize(7);
                assertThat(drainPull(pull, 7)).hasSize(7);
                pull.commit();
            }
        } // clean close: the lease checkpoint and the offsets file say 7 of 7
        copyStore(before, data); // the OS crash: the log and its queues lost the last 4 records

        try (Cluster cluster = new Cluster(dir)) {
            cluster.startBroker("broker-a", b -> b);
            send(cluster, "after-", 2); // stored at offsets 3 and 4, which the old state counts as acked
            try (LeaseConsumer lease = lease(cluster); PullConsumer pull = pull(cluster)) {
                assertThat(drainLease(lease, 2)).containsExactly("after-0", "after-1");
                assertThat(drainPull(pull, 2)).containsExactly("after-0", "after-1");
            }
        }
    }

    private static void send(Cluster cluster, String prefix, int n) {
        try (Producer p = Producer.builder().nameServers(cluster.nameServers()).build()) {
            await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> p.send(OutgoingMessage.to("ahead").body(prefix + 0).build()) != null);
            for (int i = 1; i < n; i++) {
                p.send(OutgoingMessage.to("ahead").body(prefix + i).build());
            }
        }
        cluster.awaitDispatched();
    }

    private static LeaseConsumer lease(Cluster cluster) {
        return LeaseConsumer.builder().nameServers(cluster.nameServers()).group("g-lease").topic("ahead").build();
    }

    private static PullConsumer pull(Cluster cluster) {
        return PullConsumer.builder().nameServers(cluster.nameServers()).group("g-pull").topic("ahead")
                .from(PullConsumer.From.FIRST).autoCommitInterval(Duration.ofHours(1)).build();
    }

    private static List<String> drainLease(LeaseConsumer c, int n) {
        List<String> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (LeasedMessage m : c.receive(n, Duration.ofMillis(200))) {
                got.add(new String(m.message().body(), StandardCharsets.UTF_8));
                c.ack(m);
            }
            return got.size() >= n;
        });
        return got;
    }

    private static List<String> drainPull(PullConsumer c, int n) {
        List<String> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            for (ReceivedMessage m : c.poll(Duration.ofMillis(200), n)) {
                got.add(new String(m.message().body(), StandardCharsets.UTF_8));
            }
            return got.size() >= n;
        });
        return got;
    }

    /** Replaces {@code to}'s store files (commit log, consume queues, index, store checkpoint) with {@code from}'s. */
    private static void copyStore(Path from, Path to) throws IOException {
        for (String part : List.of("commitlog", "consumequeue", "index")) {
            deleteTree(to.resolve(part));
            copyTree(from.resolve(part), to.resolve(part));
        }
        Files.copy(from.resolve("checkpoint"), to.resolve("checkpoint"), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
