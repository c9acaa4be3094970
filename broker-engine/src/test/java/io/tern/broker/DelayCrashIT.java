package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.PullConsumer;
import io.tern.client.SendResult;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.message.SystemProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker in a child JVM is killed with SIGKILL while its timer delivers delayed messages; restarted on the same data
 * directory it delivers every message exactly once (the real topic holds each id once), none before its due time.
 */
class DelayCrashIT {
    private static final int COUNT = 3000;

    @TempDir
    Path dir;
    final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    /** Starts the child (see {@link LeaseBrokerMain}) and returns {nameServer, broker} once it serves. */
    private String[] startChild() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"), LeaseBrokerMain.class.getName(), dir.resolve("broker").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        children.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        return line;
                    }
                }
                throw new IllegalStateException("child exited (" + p.waitFor() + ") before it was ready");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        String[] f = ready.get(30, TimeUnit.SECONDS).split(" ");
        return new String[]{f[1], f[2]};
    }

    private static long stored(String nameServer, String topic) {
        try (Admin admin = new Admin(List.of(nameServer))) {
            return admin.describeTopic(topic).stream().mapToLong(q -> q.maxOffset() - q.minOffset()).sum();
        } catch (RuntimeException e) {
            return 0; // the topic's route is not known yet
        }
    }

    @Test
    void afterSigkillMidDeliveryEveryDelayedMessageIsDeliveredExactlyOnce() throws Exception {
        String[] first = startChild();
        Set<MessageId> sent = new HashSet<>();
        try (Producer producer = Producer.builder().nameServers(first[0]).build()) {
            try (Admin admin = new Admin(List.of(first[0]))) {
                admin.createTopic("dc", 4);
            }
            Random random = new Random(7);
            Semaphore window = new Semaphore(500);
            List<CompletableFuture<SendResult>> sends = new ArrayList<>();
            for (int i = 0; i < COUNT; i++) {
                window.acquire();
                CompletableFuture<SendResult> f = producer.sendAsync(OutgoingMessage.to("dc")
                        .delay(Duration.ofMillis(1 + random.nextInt(3000))).body("m" + i).build());
                f.whenComplete((r, e) -> window.release());
                sends.add(f);
            }
            sends.forEach(f -> sent.add(f.join().id()));
        }
        long[] beforeKill = new long[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> (beforeKill[0] = stored(first[0], "dc")) >= COUNT / 3);
        Process child = children.get(0);
        child.destroyForcibly(); // SIGKILL mid-delivery: no final timer checkpoint
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        String[] second = startChild();
        Set<MessageId> got = new HashSet<>();
        try (PullConsumer c = PullConsumer.builder().nameServers(second[0]).group("g-dc").topic("dc")
                .from(PullConsumer.From.FIRST).rebalanceInterval(Duration.ofMillis(300)).build()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ReceivedMessage m : c.poll(Duration.ofMillis(100), 1000)) {
                    assertThat(m.storeTimestamp()).isGreaterThanOrEqualTo((Long) m.message().properties().get(SystemProperties.DELIVER_AT));
                    got.add(m.message().id());
                }
                return got.size() >= COUNT;
            });
        }
        assertThat(got).isEqualTo(sent);
        assertThat(stored(second[0], "dc")).as("each id stored once in the real topic").isEqualTo(COUNT);
        System.out.printf("DelayCrashIT: %d sent, at least %d delivered before SIGKILL, all %d delivered once after restart%n",
                COUNT, beforeKill[0], got.size());
    }
}
