package io.tern.cli;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.client.PullConsumer;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import io.tern.message.SystemProperties;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code tern produce --delay/--deliver-at/--delay-level/--ttl} against a NameServer and broker in this JVM. */
class DelayCommandIT {
    @TempDir
    Path dir;
    NameServer namesrv;
    Broker broker;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedErr;

    @BeforeEach
    void start() {
        namesrv = NameServer.start(NameServerConfig.builder().port(0).build());
        broker = Broker.start(BrokerConfig.builder(dir.resolve("broker")).port(0).nameServers(List.of(namesrv.address()))
                .store(s -> s.segmentSize(16 << 20).indexSlots(1024).indexEntries(16384)).build());
        savedErr = System.err;
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void stop() {
        System.setErr(savedErr);
        broker.close();
        namesrv.close();
    }

    @Test
    void produceWithADelayDeliversTheSameIdsNotBeforeDue() throws Exception {
        Path sent = dir.resolve("sent.txt");
        assertThat(Tern.run("produce", "--namesrv", namesrv.address(), "--topic", "late", "--count", "5", "--delay", "300ms",
                "--ttl", "PT1H", "--ids-out", sent.toString())).as(err.toString()).isZero();
        List<MessageId> ids = Files.readAllLines(sent).stream().map(MessageId::parse).toList();
        List<ReceivedMessage> got = new ArrayList<>();
        try (PullConsumer c = PullConsumer.builder().nameServers(namesrv.address()).group("g").topic("late")
                .from(PullConsumer.From.FIRST).build()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                got.addAll(c.poll(Duration.ofMillis(100), 100));
                return got.size() >= 5;
            });
        }
        assertThat(got).extracting(m -> m.message().id()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(got).allSatisfy(m -> {
            assertThat(m.storeTimestamp()).isGreaterThanOrEqualTo((Long) m.message().properties().get(SystemProperties.DELIVER_AT));
            assertThat(m.message().properties().get(SystemProperties.EXPIRES_AT)).isNotNull();
        });
    }

    @Test
    void expiredMessagesAreCountedInTheBrokersStats() {
        assertThat(Tern.run("produce", "--namesrv", namesrv.address(), "--topic", "brief", "--count", "3", "--ttl", "1ms"))
                .as(err.toString()).isZero();
        try (PullConsumer c = PullConsumer.builder().nameServers(namesrv.address()).group("g").topic("brief")
                .from(PullConsumer.From.FIRST).build()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                assertThat(c.poll(Duration.ofMillis(100), 100)).isEmpty(); // expired in the 1 ms after it was stored
                return broker.expiredCount() == 3;
            });
        }
        PrintStream savedOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(Tern.run("admin", "stats", "--namesrv", namesrv.address())).as(err.toString()).isZero();
        } finally {
            System.setOut(savedOut);
        }
        assertThat(out.toString()).contains(broker.config().brokerName() + " id 0 ").containsPattern("messages\\.expired +3\\n")
                .containsPattern("commitlog\\.written +[1-9]").contains("timer.pending");
    }

    @Test
    void badTimingFlagsFailAtOnceNamingTheFlag() {
        String ns = namesrv.address();
        assertThat(Tern.run("produce", "--namesrv", ns, "--topic", "x", "--delay", "soon")).as("bad usage").isEqualTo(2);
        assertThat(err.toString()).contains("'--delay'").contains("'soon' is not a duration such as 500ms, 10s");
        err.reset();
        assertThat(Tern.run("produce", "--namesrv", ns, "--topic", "x", "--delay", "-PT5S")).as("bad usage").isEqualTo(2);
        assertThat(err.toString()).contains("is negative");
        err.reset();
        assertThat(Tern.run("produce", "--namesrv", ns, "--topic", "x", "--deliver-at", "tomorrow")).as("bad usage").isEqualTo(2);
        assertThat(err.toString()).contains("--deliver-at 'tomorrow' is not an ISO time");
        err.reset();
        assertThat(Tern.run("produce", "--namesrv", ns, "--topic", "x", "--delay", "1s", "--delay-level", "3")).as("bad usage").isEqualTo(2);
        assertThat(err.toString()).contains("only one of --delay, --deliver-at, --delay-level");
        err.reset();
        assertThat(Tern.run("produce", "--namesrv", ns, "--topic", "x", "--ttl", "0s")).as("bad usage").isEqualTo(2);
        assertThat(err.toString()).contains("--ttl '0s' must be more than zero");
        err.reset();
        assertThat(Tern.run("produce", "--namesrv", ns, "--topic", "x", "--delay", "31d")).isEqualTo(1);
        assertThat(err.toString()).contains("exceeds the broker's maximum delay PT720H");
        err.reset();
        assertThat(Tern.run("produce", "--namesrv", ns, "--topic", "x", "--delay-level", "19")).isEqualTo(1);
        assertThat(err.toString()).contains("delay level 19 is not one of this broker's levels 1-18");
    }
}
