package io.tern.cli;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12's consistency items: exit codes, one duration syntax, servers down, --help descriptions. */
class ConsistencyCommandIT {
    @TempDir
    Path dir;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut;
    PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Tern.run(args);
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void badUsageExitsTwoWhoeverFindsIt() throws Exception {
        String ns = "127.0.0.1:" + freePort(); // nothing listens: every case below must fail before connecting
        assertThat(run("produce", "--namesrv", ns, "--topic", "x", "--count", "-5")).isEqualTo(2);
        assertThat(err.toString()).contains("--count -5 must be at least 1").contains("--help");
        assertThat(run("produce", "--namesrv", ns, "--topic", "x", "--count", "abc")).isEqualTo(2);
        assertThat(run("produce", "--namesrv", ns, "--topic", "x", "--ttl", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration such as 500ms");
        assertThat(run("produce", "--namesrv", ns, "--topic", "x", "--deliver-at", "tomorrow")).isEqualTo(2);
        assertThat(err.toString()).contains("2026-11-22T10:00:00Z");
        assertThat(run("consume", "--namesrv", ns, "--topic", "x", "--group", "g", "--wait", "0s")).isEqualTo(2);
        assertThat(run("admin", "topic", "frobnicate", "--namesrv", ns)).isEqualTo(2);
        assertThat(err.toString()).contains("unknown action 'frobnicate'");
        assertThat(run("admin", "topic", "list", "--namesrv", "localhost")).isEqualTo(2);
        assertThat(err.toString()).contains("--namesrv 'localhost' is not host:port");
    }

    @Test
    void durationsTakeOneSyntax() {
        assertThat(DurationFlag.parse("2s", "--wait")).hasSeconds(2);
        assertThat(DurationFlag.parse("1h30m", "--ttl")).hasMinutes(90);
        assertThat(DurationFlag.parse("500ms", "--delay")).hasMillis(500);
        assertThat(DurationFlag.parse("10", "--delay")).hasSeconds(10);
        assertThat(DurationFlag.parse("PT1H30M", "--ttl")).hasMinutes(90);
        assertThat(DurationFlag.format(java.time.Duration.ofMinutes(90))).isEqualTo("1h30m");
    }

    @Test
    void withTheNameServerDownOrNoBrokerEveryAdminCommandSaysSoAndExitsOne() throws Exception {
        String down = "127.0.0.1:" + freePort();
        for (String[] command : new String[][]{{"admin", "cluster"}, {"admin", "topic", "list"}, {"admin", "stats"},
                {"admin", "group", "list"}, {"admin", "transactions"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 2);
            args[command.length] = "--namesrv";
            args[command.length + 1] = down;
            assertThat(run(args)).as(String.join(" ", command)).isEqualTo(1);
            assertThat(err.toString()).as(String.join(" ", command)).contains(down).contains("connection refused")
                    .doesNotContain("finishConnect").doesNotContain("\tat ");
        }
        try (NameServer ns = NameServer.start(NameServerConfig.builder().port(0).build())) {
            for (String[] command : new String[][]{{"admin", "cluster"}, {"admin", "topic", "list"}, {"admin", "stats"}}) {
                String[] args = java.util.Arrays.copyOf(command, command.length + 2);
                args[command.length] = "--namesrv";
                args[command.length + 1] = ns.address();
                assertThat(run(args)).as(String.join(" ", command)).isEqualTo(1);
                assertThat(err.toString()).as(String.join(" ", command)).contains("no live broker is registered with the NameServer(s)");
            }
        }
    }

    @Test
    void theNameServerDefaultsToTheEnvironmentThenTheStandalonePort() {
        ClusterOptions options = new ClusterOptions();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            ClusterOptions cluster = options;
        }).parseArgs();
        String env = System.getenv(ClusterOptions.ENV);
        assertThat(options.namesrv).isEqualTo(env != null ? env : "127.0.0.1:9876");
    }

    @Test
    void everyOptionInHelpHasADescription() {
        List<String> missing = new ArrayList<>();
        collect(new CommandLine(new Tern()).getCommandSpec(), missing);
        assertThat(missing).isEmpty();
    }

    private static void collect(CommandSpec spec, List<String> missing) {
        for (OptionSpec o : spec.options()) {
            if (o.description().length == 0 || o.description()[0].isBlank()) {
                missing.add(spec.qualifiedName() + " " + o.longestName());
            }
        }
        spec.subcommands().values().forEach(sub -> collect(sub.getCommandSpec(), missing));
    }
}
