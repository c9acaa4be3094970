package io.tern.broker;

import io.tern.client.LeaseConsumer;
import io.tern.client.LeasedMessage;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.client.Transaction;
import io.tern.message.MessageId;
import io.tern.protocol.Xid;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A broker in a child JVM (see {@link LeaseBrokerMain}) holds a prepared XA branch, a committed and a rolled-back
 * transaction when it is killed with SIGKILL; restarted on the same data directory it lists the branch for recovery,
 * commits it on request, and delivers exactly the committed messages.
 */
class TransactionCrashIT {
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

    private static OutgoingMessage msg(String body) {
        return OutgoingMessage.to("txcrash").body(body).build();
    }

    @Test
    void aPreparedBranchSurvivesSigkillAndCommitsAfterRestart() throws Exception {
        String[] first = startChild();
        Xid xid = new Xid(42, "crash-gtrid".getBytes(StandardCharsets.UTF_8), new byte[] {7});
        Set<MessageId> expected = new HashSet<>();
        try (Producer p = Producer.builder().nameServers(first[0]).group("crash-xa").build()) {
            Transaction branch = p.beginTransaction(xid);
            for (int i = 0; i < 3; i++) {
                expected.add(branch.send(msg("xa" + i)).id());
            }
            branch.prepare();
            Transaction committed = p.beginTransaction();
            expected.add(committed.send(msg("c0")).id());
            expected.add(committed.send(msg("c1")).id());
            committed.commit();
            Transaction rolled = p.beginTransaction();
            rolled.send(msg("r0"));
            rolled.rollback();
        }
        Process child = children.get(0);
        child.destroyForcibly(); // SIGKILL: no final checkpoint of the transaction journal
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        String[] second = startChild();
        Set<MessageId> got = new HashSet<>();
        try (Producer p = Producer.builder().nameServers(second[0]).group("crash-recovery").build();
             LeaseConsumer c = LeaseConsumer.builder().nameServers(second[0]).group("g").topic("txcrash")
                     .invisibility(Duration.ofMinutes(1)).build()) {
            assertThat(p.recover()).containsExactly(xid);
            p.commitPrepared(xid);
            assertThat(p.recover()).isEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (LeasedMessage m : c.receive(16, Duration.ofMillis(200))) {
                    assertThat(got.add(m.message().id())).as("delivered twice: %s", m.message().id()).isTrue();
                    c.ack(m);
                }
                return got.size() >= expected.size();
            });
            p.send(msg("marker"));
            List<LeasedMessage> last = c.receive(16, Duration.ofSeconds(5));
            assertThat(last).extracting(m -> new String(m.message().body(), StandardCharsets.UTF_8)).containsExactly("marker");
        }
        assertThat(got).isEqualTo(expected);
    }
}
