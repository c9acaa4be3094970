package io.tern.cli;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The tern command against a NameServer and broker in this JVM. */
class TernCommandIT {
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
    void whatProduceAcknowledgesConsumeReceives() throws Exception {
        Path sent = dir.resolve("sent.txt");
        Path received = dir.resolve("received.txt");
        for (String mode : List.of("sync", "async", "oneway")) {
            assertThat(Tern.run("produce", "--namesrv", namesrv.address(), "--topic", "cli", "--count", "50", "--size", "64",
                    "--mode", mode, "--tag", "t", "--ids-out", sent.toString() + "." + mode)).as(err.toString()).isZero();
        }
        Files.write(sent, List.of());
        for (String mode : List.of("sync", "async", "oneway")) {
            Files.write(sent, Files.readAllLines(Path.of(sent + "." + mode)), java.nio.file.StandardOpenOption.APPEND);
        }
        assertThat(Tern.run("consume", "--namesrv", namesrv.address(), "--topic", "cli", "--group", "cli-group", "--from", "first",
                "--count", "150", "--wait", "10", "--quiet", "--ids-out", received.toString())).as(err.toString()).isZero();
        assertThat(Files.readAllLines(received)).hasSize(150).containsExactlyInAnyOrderElementsOf(Files.readAllLines(sent));

        assertThat(Tern.run("admin", "topic", "list", "--namesrv", namesrv.address())).isZero();
        try (io.tern.client.Admin admin = new io.tern.client.Admin(List.of(namesrv.address()))) {
            assertThat(admin.listGroups()).contains("cli-group");
        }
        assertThat(Tern.run("admin", "group", "list", "--namesrv", namesrv.address())).isZero();
        assertThat(Tern.run("admin", "group", "describe", "--namesrv", namesrv.address(), "--group", "cli-group", "--topic", "cli")).isZero();
    }

    @Test
    void typedPropertiesAndPriorityTravelAndVerboseShowsThem() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        System.setOut(new PrintStream(out, true));
        try {
            assertThat(Tern.run("produce", "--namesrv", namesrv.address(), "--topic", "typed", "--type", "invoice",
                    "--property", "amount:double=12.5", "--property", "region=7", "--priority", "8")).as(err.toString()).isZero();
            assertThat(Tern.run("consume", "--namesrv", namesrv.address(), "--topic", "typed", "--group", "g-typed", "--from", "first",
                    "--count", "1", "--verbose", "--selector", "amount > 10 AND region = '7' AND JMSPriority = 8")).as(err.toString()).isZero();
        } finally {
            System.setOut(savedOut);
        }
        assertThat(out.toString()).contains("tag invoice").contains("amount:double=12.5").contains("region:string=7")
                .contains("JMSPriority:int=8").contains("received 1 message from");
        assertThat(Tern.run("produce", "--namesrv", namesrv.address(), "--topic", "typed", "--property", "n:int=x")).isEqualTo(2);
        assertThat(err.toString()).contains("'x' is not a valid int");
        assertThat(Tern.run("produce", "--namesrv", namesrv.address(), "--topic", "typed", "--priority", "12")).isEqualTo(2);
        assertThat(err.toString()).contains("--priority 12 must be 0-9");
    }

    @Test
    void everyCommandAnswersHelp() {
        for (String[] command : new String[][]{{"--help"}, {"produce", "--help"}, {"consume", "--help"}, {"standalone", "--help"},
                {"admin", "group", "--help"}, {"bench", "--help"}, {"hash-password", "--help"}}) {
            assertThat(Tern.run(command)).as(String.join(" ", command)).isZero();
        }
    }

    @Test
    void badFlagsAndUnreachableServersExitNonZeroWithOneLine() throws Exception {
        assertThat(Tern.run("produce", "--namesrv", namesrv.address())).isEqualTo(2); // --topic missing: usage error
        assertThat(err.toString()).contains("--topic");
        err.reset();

        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThat(Tern.run("produce", "--namesrv", "127.0.0.1:" + port, "--topic", "x")).isEqualTo(1);
        assertThat(err.toString().trim()).startsWith("tern produce:").contains("127.0.0.1:" + port).doesNotContain("\n\tat ");
        err.reset();

        assertThat(Tern.run("consume", "--namesrv", namesrv.address(), "--topic", "never-made", "--group", "g")).isEqualTo(1);
        assertThat(err.toString()).contains("never-made");
        err.reset();

        assertThat(Tern.run("admin", "topic", "frobnicate", "--namesrv", namesrv.address())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown action 'frobnicate'");
    }

    @Test
    void consumeWithASelectorTakesOnlyWhatItSelects() throws Exception {
        Path a = dir.resolve("a.txt");
        Path got = dir.resolve("got.txt");
        assertThat(Tern.run("produce", "--namesrv", namesrv.address(), "--topic", "sel", "--count", "5", "--tag", "a",
                "--ids-out", a.toString())).as(err.toString()).isZero();
        assertThat(Tern.run("produce", "--namesrv", namesrv.address(), "--topic", "sel", "--count", "5", "--tag", "b")).isZero();
        assertThat(Tern.run("consume", "--namesrv", namesrv.address(), "--topic", "sel", "--group", "sel-group", "--from", "first",
                "--selector", "JMSType = 'a'", "--wait", "2", "--quiet", "--ids-out", got.toString())).as(err.toString()).isZero();
        assertThat(Files.readAllLines(got)).containsExactlyInAnyOrderElementsOf(Files.readAllLines(a));

        assertThat(Tern.run("consume", "--namesrv", namesrv.address(), "--topic", "sel", "--group", "g", "--selector", "i >= ")).isEqualTo(2);
        assertThat(err.toString().trim()).startsWith("tern consume:")
                .contains("at position 5: expected an operand after '>=', found the end of the selector").doesNotContain("\n\tat ");
    }
}
