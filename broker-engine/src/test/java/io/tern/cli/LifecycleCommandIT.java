package io.tern.cli;

import io.tern.acl.PasswordHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tern admin topic delete} and {@code tern admin group delete} against {@code tern standalone --acl}: the ACL
 * rules (admin on the topic; admin on the group, or consume on the topic and the group), exit codes and output.
 */
class LifecycleCommandIT {
    @TempDir
    Path dir;
    StandaloneCommand.Servers servers;
    String namesrv;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut;
    PrintStream savedErr;

    @BeforeEach
    void start() throws Exception {
        Path acl = Files.writeString(dir.resolve("acl"), String.join("\n",
                "user alice " + PasswordHash.hash("alice-pw"),
                "user ops " + PasswordHash.hash("ops-pw"),
                "user bob " + PasswordHash.hash("bob-pw"),
                "user root " + PasswordHash.hash("root-pw"),
                "allow alice produce topic:orders",
                "allow alice consume topic:orders",
                "allow alice consume group:billing",
                "allow ops admin topic:orders",
                "allow ops admin group:billing",
                "allow bob consume topic:orders",
                "allow root admin *"));
        StandaloneCommand standalone = new StandaloneCommand();
        new CommandLine(standalone).parseArgs("--acl", acl.toString(), "--data", dir.resolve("data").toString(),
                "--namesrv-port", "0", "--broker-port", "0");
        servers = standalone.start();
        namesrv = servers.namesrv().address();
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(run("root", "admin", "topic", "create", "--topic", "orders", "--queues", "2")).isZero();
        assertThat(run("alice", "produce", "--topic", "orders", "--count", "4")).as(err.toString()).isZero();
        assertThat(run("alice", "consume", "--topic", "orders", "--group", "billing", "--from", "first", "--count", "4", "--wait", "10",
                "--quiet")).as(err.toString()).isZero();
        out.reset();
        err.reset();
    }

    @AfterEach
    void stop() {
        System.setOut(savedOut);
        System.setErr(savedErr);
        servers.close();
    }

    private int run(String user, String... args) {
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--namesrv", namesrv, "--user", user, "--password", user + "-pw"}, 0, all, args.length, 6);
        return Tern.run(all);
    }

    @Test
    void groupDeleteNeedsAdminOnTheGroupOrConsumeOnTopicAndGroupAndSaysWhatItDid() {
        assertThat(run("bob", "admin", "group", "delete", "--group", "billing", "--topic", "orders")).isEqualTo(1);
        assertThat(err.toString()).contains("tern admin group: ").contains("user 'bob' may not consume group:billing")
                .contains("(or admin on group:billing)");

        assertThat(run("ops", "admin", "group", "delete", "--group", "billing", "--topic", "orders")).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("deleted group billing on orders" + System.lineSeparator());
        out.reset();
        assertThat(run("alice", "admin", "group", "delete", "--group", "billing", "--topic", "orders")).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("group billing had no state on orders; nothing deleted" + System.lineSeparator());
    }

    @Test
    void topicDeleteNeedsAdminOnTheTopicAndTheTopicIsGoneAfterwards() {
        assertThat(run("alice", "admin", "topic", "delete", "--topic", "orders")).isEqualTo(1);
        assertThat(err.toString()).contains("user 'alice' may not admin topic:orders");

        assertThat(run("ops", "admin", "topic", "delete", "--topic", "orders")).as(err.toString()).isZero();
        assertThat(out.toString()).isEqualTo("deleted topic orders" + System.lineSeparator());
        out.reset();
        assertThat(run("root", "admin", "topic", "list")).isZero();
        assertThat(out.toString()).doesNotContain("orders");

        err.reset();
        assertThat(run("root", "admin", "topic", "delete", "--topic", "orders")).isEqualTo(1);
        assertThat(err.toString()).contains("topic orders does not exist on broker").contains("(it was deleted)");
        err.reset();
        assertThat(run("alice", "produce", "--topic", "orders", "--count", "1")).isEqualTo(1);
        assertThat(err.toString()).contains("orders");
    }

    @Test
    void theDeleteActionsNeedTheirOptions() {
        assertThat(run("root", "admin", "topic", "delete")).as("bad usage").isEqualTo(2);
        assertThat(err.toString()).contains("--topic");
        err.reset();
        assertThat(run("root", "admin", "group", "delete", "--group", "billing")).as("bad usage").isEqualTo(2);
        assertThat(err.toString()).contains("--topic");
    }
}
