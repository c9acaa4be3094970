package io.tern.cli;

import io.tern.acl.PasswordHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tern standalone --acl FILE} from its flags, then the tern client commands against it: the file protects the
 * NameServer and the broker, and the embedded broker registers without a line of its own.
 */
class StandaloneAclIT {
    @TempDir
    Path dir;
    Path acl;
    StandaloneCommand.Servers servers;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedErr;

    @BeforeEach
    void start() throws Exception {
        acl = Files.writeString(dir.resolve("acl"), String.join("\n",
                "user alice " + PasswordHash.hash("alice-pw"),
                "user root " + PasswordHash.hash("root-pw"),
                "allow alice produce topic:orders",
                "allow alice consume topic:orders",
                "allow alice consume group:billing",
                "allow root admin *"));
        StandaloneCommand standalone = new StandaloneCommand();
        new CommandLine(standalone).parseArgs("--acl", acl.toString(), "--data", dir.resolve("data").toString(),
                "--namesrv-port", "0", "--broker-port", "0");
        servers = standalone.start(); // what `tern standalone` runs before it waits for Ctrl-C
        savedErr = System.err;
        System.setErr(new PrintStream(err, true));
    }

    @AfterEach
    void stop() {
        System.setErr(savedErr);
        servers.close();
    }

    @Test
    void aUserProducesAndConsumesThroughBothProtectedHalves() throws Exception {
        String namesrv = servers.namesrv().address();
        Path sent = dir.resolve("sent.txt");
        Path received = dir.resolve("received.txt");
        assertThat(servers.broker().registrationFailures()).isEmpty();

        assertThat(Tern.run("produce", "--namesrv", namesrv, "--topic", "orders", "--count", "20", "--user", "alice",
                "--password", "alice-pw", "--ids-out", sent.toString())).as(err.toString()).isZero();
        assertThat(Tern.run("consume", "--namesrv", namesrv, "--topic", "orders", "--group", "billing", "--from", "first",
                "--count", "20", "--wait", "10", "--quiet", "--user", "alice", "--password", "alice-pw",
                "--ids-out", received.toString())).as(err.toString()).isZero();
        assertThat(Files.readAllLines(received)).hasSize(20).containsExactlyInAnyOrderElementsOf(Files.readAllLines(sent));
        assertThat(Tern.run("admin", "cluster", "--namesrv", namesrv, "--user", "root", "--password", "root-pw")).as(err.toString()).isZero();
    }

    @Test
    void theNameServerRefusesWhomTheFileDoesNotKnow() {
        String namesrv = servers.namesrv().address();
        assertThat(Tern.run("produce", "--namesrv", namesrv, "--topic", "orders", "--user", "alice", "--password", "guess")).isEqualTo(1);
        assertThat(err.toString()).contains("tern produce: NameServer " + namesrv + " refused the handshake: user 'alice' or its password"
                + " is not accepted by this NameServer");
        err.reset();
        assertThat(Tern.run("consume", "--namesrv", namesrv, "--topic", "orders", "--group", "billing")).isEqualTo(1);
        assertThat(err.toString()).contains("anonymous access is off on this NameServer");
    }

    @Test
    void aBadAclFileStopsEitherServerNamingTheLine() throws Exception {
        Path bad = Files.write(dir.resolve("bad"), List.of("# users", "user alice " + PasswordHash.hash("pw"), "allow alice write topic:orders"));
        assertThat(Tern.run("namesrv", "--port", "0", "--acl", bad.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("tern namesrv: " + bad + " line 3: action 'write' is not produce, consume or admin");
        err.reset();
        assertThat(Tern.run("standalone", "--acl", bad.toString(), "--data", dir.resolve("other").toString(),
                "--namesrv-port", "0", "--broker-port", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("tern standalone: " + bad + " line 3: action 'write'");
    }
}
