package io.tern.cli;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.client.Admin;
import io.tern.client.PullConsumer;
import io.tern.client.PushConsumer;
import io.tern.client.TernClientException;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import io.tern.protocol.RetryTopics;
import io.tern.protocol.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The "wrong results" of issue 12, each run over the wire against a NameServer and broker in this JVM. */
class OperatorCommandIT {
    @TempDir
    Path dir;
    NameServer namesrv;
    Broker broker;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut;
    PrintStream savedErr;

    @BeforeEach
    void start() {
        namesrv = NameServer.start(NameServerConfig.builder().port(0).build());
        broker = Broker.start(BrokerConfig.builder(dir.resolve("broker")).port(0).nameServers(List.of(namesrv.address()))
                .maxDeliveries(1).retryBackoff(List.of(Duration.ofMillis(10)))
                .transactions(t -> t.withCheckTimeout(Duration.ofHours(1)))
                .store(s -> s.segmentSize(16 << 20).indexSlots(1024).indexEntries(16384)).build());
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        broker.close();
        namesrv.close();
    }

    /** Runs a command against this test's NameServer; out and err start empty. */
    private int run(String... args) {
        out.reset();
        err.reset();
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--namesrv";
        all[args.length + 1] = namesrv.address();
        return Tern.run(all);
    }

    private String firstLine(Path file) throws Exception {
        return Files.readAllLines(file).get(0);
    }

    @Test
    void creatingAnExistingTopicIsRefusedAndQueuesOnlyGrow() {
        assertThat(run("admin", "topic", "create", "--topic", "shrink", "--queues", "4")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("created topic shrink with 4 queues");
        assertThat(run("produce", "--topic", "shrink", "--count", "8")).as(err.toString()).isZero();

        assertThat(run("admin", "topic", "create", "--topic", "shrink", "--queues", "1")).isEqualTo(1);
        assertThat(err.toString()).contains("topic shrink exists (4 queues").contains("nothing changed").contains("admin topic update");
        assertThat(run("admin", "topic", "update", "--topic", "shrink", "--queues", "1")).isEqualTo(1);
        assertThat(err.toString()).contains("queues only grow");
        try (Admin admin = new Admin(List.of(namesrv.address()))) {
            assertThatThrownBy(() -> admin.createTopic(TopicConfig.of("shrink", 1))).isInstanceOf(TernClientException.class)
                    .hasMessageContaining("would hide them");
        }
        assertThat(run("admin", "topic", "update", "--topic", "shrink", "--queues", "6")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("updated topic shrink: queues 4 -> 6");

        assertThat(run("consume", "--topic", "shrink", "--group", "late", "--from", "first", "--count", "8", "--wait", "5s", "--quiet"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("received 8 messages");
    }

    @Test
    void aMessageOverTheBrokersLimitIsRefusedBeforeSendingAndOnewayIsUnconfirmed() {
        for (String size : List.of("5000000", "50000000", "2000000000")) {
            assertThat(run("produce", "--topic", "big", "--size", size, "--mode", "oneway", "--count", "3")).as(size).isEqualTo(2);
            assertThat(err.toString()).contains("--size " + size).contains("over the broker's maxMessageSize of 4194304 bytes")
                    .doesNotContain("\tat ").doesNotContain("OutOfMemoryError");
        }
        assertThat(run("produce", "--topic", "small", "--size", "10", "--mode", "oneway", "--count", "1")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("wrote 1 message to small oneway, unconfirmed");
    }

    @Test
    void leaseGroupsAreListedUnknownGroupsFailAndLeaseModeHonoursFrom() {
        assertThat(run("produce", "--topic", "jobs", "--count", "4")).isZero();
        assertThat(run("consume", "--topic", "jobs", "--group", "g-lease", "--mode", "lease", "--count", "4", "--wait", "5s", "--quiet"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("received 4 messages");
        assertThat(run("admin", "group", "list")).isZero();
        assertThat(out.toString().lines()).contains("g-lease");

        assertThat(run("admin", "group", "describe", "--group", "nosuch", "--topic", "jobs")).isEqualTo(1);
        assertThat(err.toString()).contains("group nosuch is unknown on topic jobs");

        assertThat(run("consume", "--topic", "jobs", "--group", "g-last", "--mode", "lease", "--from", "last", "--wait", "200ms"))
                .as(err.toString()).isZero();
        assertThat(out.toString()).contains("received 0 messages");
        assertThat(run("produce", "--topic", "jobs", "--count", "2")).isZero();
        assertThat(run("consume", "--topic", "jobs", "--group", "g-last", "--mode", "lease", "--count", "2", "--wait", "5s", "--quiet"))
                .isZero();
        assertThat(out.toString()).contains("received 2 messages");
    }

    @Test
    void messageLookupDescribesScheduledAndRolledBackMessagesAndShowsTimes() throws Exception {
        Path delayed = dir.resolve("delayed");
        assertThat(run("produce", "--topic", "later", "--delay", "1h30m", "--ids-out", delayed.toString())).as(err.toString()).isZero();
        assertThat(run("admin", "message", "--id", firstLine(delayed))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("scheduled for 20").contains("to topic later").doesNotContain("does not exist");

        Path rolled = dir.resolve("rolled");
        assertThat(run("produce", "--topic", "later", "--transaction", "rollback", "--ids-out", rolled.toString())).isZero();
        assertThat(run("admin", "message", "--id", firstLine(rolled))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("rolled back (transaction ");

        Path open = dir.resolve("open");
        assertThat(run("produce", "--topic", "later", "--transaction", "unresolved", "--ids-out", open.toString())).isZero();
        assertThat(run("admin", "message", "--id", firstLine(open))).as(err.toString()).isZero();
        assertThat(out.toString()).contains("half message of open transaction");
        assertThat(run("admin", "transactions")).as(err.toString()).isZero();
        assertThat(out.toString()).contains(" open ").contains("1 transaction unresolved");

        Path expiring = dir.resolve("expiring");
        assertThat(run("produce", "--topic", "later", "--ttl", "2h", "--ids-out", expiring.toString())).isZero();
        assertThat(run("admin", "message", "--id", firstLine(expiring), "--verbose")).isZero();
        assertThat(out.toString()).containsPattern("__TERN_EXPIRES_AT:long=20\\d\\d-\\d\\d-\\d\\dT");
    }

    @Test
    void deadLettersGoBackToTheFailingGroupOnly() throws Exception {
        Path sent = dir.resolve("sent");
        assertThat(run("produce", "--topic", "pay", "--count", "1", "--ids-out", sent.toString())).isZero();
        String id = firstLine(sent);
        // maxDeliveries 1: the first failure dead-letters it
        try (PushConsumer failing = PushConsumer.builder().nameServers(namesrv.address()).group("g-fail").topic("pay")
                .from(PullConsumer.From.FIRST).listener(m -> {
                    throw new IllegalStateException("fails on purpose");
                }).build()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (Admin admin = new Admin(List.of(namesrv.address()))) {
                    return !admin.deadLetters("g-fail", 10).isEmpty();
                }
            });
        }
        assertThat(run("admin", "dlq", "resend", "--group", "g-fail")).as(err.toString()).isZero();
        assertThat(out.toString()).as(out.toString()).contains("resent " + id + " to " + RetryTopics.retryTopic("g-fail") + " (group g-fail only)")
                .contains("resent 1 message from");
        try (Admin admin = new Admin(List.of(namesrv.address()))) {
            assertThat(admin.describeTopic("pay").stream().mapToLong(Admin.QueueLag::maxOffset).sum()).as("nothing new in pay").isEqualTo(1);
            assertThat(admin.browse(RetryTopics.retryTopic("g-fail"), 10)).extracting(r -> r.message().id().toString()).contains(id);
        }
    }

    @Test
    void propertiesKeepTheirTextUnlessTypedAndVerboseShowsTypes() {
        assertThat(run("produce", "--topic", "props", "--property", "zip=01234", "--property", "n:long=7", "--body", "hello",
                "--key", "k1", "--key", "k2")).as(err.toString()).isZero();
        assertThat(run("consume", "--topic", "props", "--group", "g-props", "--from", "first", "--count", "1", "--verbose",
                "--selector", "zip = '01234' AND n = 7")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("zip:string=01234").contains("n:long=7").contains("keys [k1, k2]").contains("5 bytes")
                .contains("received 1 message ").doesNotContain("tag null");
        assertThat(run("browse", "--topic", "props")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("text: hello").contains("1 message in props");
    }

    @Test
    void nackEveryDeadLettersWithMaxDeliveriesOne() {
        assertThat(run("produce", "--topic", "work", "--count", "4")).isZero();
        assertThat(run("consume", "--topic", "work", "--group", "g-nack", "--mode", "lease", "--count", "4", "--nack-every", "2",
                "--wait", "5s", "--quiet")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("received 4 messages from work as group g-nack (2 nacked)");
        // maxDeliveries 1: each nacked message goes to the dead-letter queue at once
        await().atMost(Duration.ofSeconds(20)).until(() -> run("admin", "dlq", "list", "--group", "g-nack", "--json") == 0
                && out.toString().lines().filter(l -> l.startsWith("{\"id\":")).count() == 2);
        assertThat(run("consume", "--topic", "work", "--group", "g-other", "--nack-every", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--nack-every 2 needs --mode lease");
    }

    @Test
    void anOpenTransactionIsListedAndResolvedFromTheCli() throws Exception {
        Path open = dir.resolve("open");
        assertThat(run("produce", "--topic", "tx", "--transaction", "unresolved", "--ids-out", open.toString())).isZero();
        String txId = out.toString().replaceAll("(?s).*in transaction (\\S+);.*", "$1");
        assertThat(run("admin", "transactions", "--json")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("\"txId\":\"" + txId + "\"").contains("\"state\":\"open\"").contains("\"halves\":1");
        assertThat(run("admin", "transactions", "commit", "--id", txId)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("transaction " + txId + " committed");
        assertThat(run("admin", "transactions")).isZero();
        assertThat(out.toString()).contains("0 transactions unresolved");
        assertThat(run("consume", "--topic", "tx", "--group", "g-tx", "--from", "first", "--count", "1", "--wait", "5s", "--quiet")).isZero();
        assertThat(out.toString()).contains("received 1 message ");
        assertThat(run("admin", "transactions", "rollback", "--id", "no-such-tx")).isEqualTo(1);
        assertThat(err.toString()).contains("knows transaction no-such-tx");
    }

    @Test
    void browseFiltersOnTheBrokerAndShowsBinaryBodiesAsHex() throws Exception {
        Path bin = Files.write(dir.resolve("bin"), new byte[] {(byte) 0xff, 0x00, 0x41});
        assertThat(run("produce", "--topic", "b", "--body-file", bin.toString(), "--property", "kind=bin")).isZero();
        assertThat(run("produce", "--topic", "b", "--body", "plain", "--property", "kind=text")).isZero();
        assertThat(run("browse", "--topic", "b", "--selector", "kind = 'bin'")).as(err.toString()).isZero();
        assertThat(out.toString()).contains("hex: ff0041").doesNotContain("plain").contains("1 message in b");
        assertThat(run("browse", "--topic", "b", "--json")).isZero();
        assertThat(out.toString().lines()).hasSize(2).allMatch(l -> l.startsWith("{") && l.endsWith("}"));
        assertThat(run("browse", "--topic", "b", "--selector", "kind =")).isEqualTo(2);
        try (Admin admin = new Admin(List.of(namesrv.address()))) {
            assertThat(admin.groupMembers("nobody", "b")).isEmpty(); // browsing joined no group
        }
    }
}
