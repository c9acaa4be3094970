package io.tern.broker;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.message.MessageId;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker in a child JVM is killed with SIGKILL while a lease-mode consumer works; restarted on the same data
 * directory it redelivers every message not acked (marked redelivered) and none that was.
 */
class LeaseCrashIT {
    @TempDir
    Path dir;
    final List<Process> children = new ArrayList<>();

    @AfterEach
    void killChildren() {
        children.forEach(Process::destroyForcibly);
    }

    /** Starts the child and returns {nameServer, broker} once it serves. */
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

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void afterSigkillAckedMessagesStayAckedAndEveryUnackedOneComesBackRedelivered() throws Exception {
        String[] first = startChild();
        Set<MessageId> sent = new HashSet<>();
        try (Producer producer = Producer.builder().nameServers(first[0]).build()) {
            for (int i = 0; i < 200; i++) {
                sent.add(producer.send(OutgoingMessage.to("crash").body("m" + i).build()).id());
            }
        }
        Set<MessageId> acked = new HashSet<>();
        Set<MessageId> leasedNotAcked = new HashSet<>();
        try (LeaseConsumer c = LeaseConsumer.builder().nameServers(first[0]).group("g-crash").topic("crash")
                .invisibility(Duration.ofMinutes(5)).build()) {
            int n = 0;
            while (acked.size() + leasedNotAcked.size() < 150) {
                for (LeasedMessage m : c.receive(16, Duration.ofSeconds(2))) {
                    if (n++ % 3 == 0) {
                        leasedNotAcked.add(m.message().id());
                    } else {
                        c.ack(m); // answered only once the journal is forced
                        acked.add(m.message().id());
                    }
                }
            }
        }
        kill(children.get(0)); // SIGKILL: no shutdown hook, no final checkpoint

        String[] second = startChild();
        Map<MessageId, LeasedMessage> after = new HashMap<>();
        try (LeaseConsumer c = LeaseConsumer.builder().nameServers(second[0]).group("g-crash").topic("crash")
                .invisibility(Duration.ofMinutes(5)).build()) {
            List<LeasedMessage> batch;
            while (!(batch = c.receive(64, Duration.ofMillis(500))).isEmpty()) {
                for (LeasedMessage m : batch) {
                    assertThat(after.put(m.message().id(), m)).as("delivered twice after restart: %s", m.message().id()).isNull();
                    c.ack(m);
                }
            }
        }
        assertThat(after.keySet()).as("no acked message comes back").doesNotContainAnyElementsOf(acked);
        Set<MessageId> expected = new HashSet<>(sent);
        expected.removeAll(acked);
        assertThat(after.keySet()).as("every unacked message comes back").isEqualTo(expected);
        assertThat(leasedNotAcked).allSatisfy(id -> assertThat(after.get(id).redelivered()).isTrue());
        assertThat(after.values()).allSatisfy(m -> assertThat(m.deliveryCount()).isGreaterThanOrEqualTo(2));
        System.out.printf("lease crash: %d sent, %d acked before SIGKILL, %d leased and not acked, %d redelivered after restart%n",
                sent.size(), acked.size(), leasedNotAcked.size(), after.size());
    }
}
