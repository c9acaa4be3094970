package io.tern.cli;

import io.tern.broker.config.BrokerSettings;
import io.tern.broker.config.NameServerSettings;
import io.tern.broker.config.Setting;
import io.tern.store.FlushMode;
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
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code -c FILE}, {@code --set} and {@code --print-settings} of the server commands: exit codes and what they print. */
class SettingsCommandIT {
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

    @Test
    void printSettingsListsEveryBrokerSettingWithItsDefaultAndMeaning() {
        assertThat(Tern.run("broker", "--print-settings")).as(err.toString()).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        for (Setting<?, ?> s : BrokerSettings.REGISTRY.all()) {
            assertThat(printed).contains(s.name() + " (").contains(s.description());
        }
        assertThat(printed).contains("maxDeliveries (int, deliveries) default: 16").doesNotContain("value:");
        out.reset();
        assertThat(Tern.run("namesrv", "--print-settings")).isZero();
        for (Setting<?, ?> s : NameServerSettings.REGISTRY.all()) {
            assertThat(out.toString(StandardCharsets.UTF_8)).contains(s.name() + " (");
        }
    }

    @Test
    void printSettingsShowsTheValuesAFileTheFlagsAndSetGive() throws Exception {
        Path conf = Files.writeString(dir.resolve("broker.conf"), "# ours\nretention=48h\nmaxDeliveries=5\nport=1234\n");
        assertThat(Tern.run("broker", "-c", conf.toString(), "--port", "2345", "--set", "maxDeliveries=7", "--print-settings"))
                .as(err.toString()).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("retention (duration) default: 3d  value: 2d")
                .contains("maxDeliveries (int, deliveries) default: 16  value: 7") // --set over the file
                .contains("port (int) default: 10911  value: 2345") // the flag over the file
                .contains("autoCreateTopics (boolean) default: true  value: false"); // tern broker's own default
    }

    @Test
    void aBadValueStopsTheStartNamingTheSettingTheValueAndWhatIsAllowed() throws Exception {
        assertThat(Tern.run("broker", "--namesrv", "127.0.0.1:1", "--data", dir.toString(), "--set", "maxDeliveries=many")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tern broker: setting maxDeliveries = 'many' (--set) is invalid: must be an integer");
        err.reset();
        Path conf = Files.writeString(dir.resolve("broker.conf"), "port=0\nretension=1h\n");
        assertThat(Tern.run("broker", "--namesrv", "127.0.0.1:1", "-c", conf.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tern broker: unknown broker setting 'retension' (" + conf + " line 2)")
                .contains("did you mean retention?");
        err.reset();
        assertThat(Tern.run("broker", "--namesrv", "127.0.0.1:1", "--data", dir.toString(), "--set", "diskUsageCeiling=1.5")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("store setting diskUsageCeiling = 1.5 is invalid: must be in (0, 1]");
        err.reset();
        assertThat(Tern.run("namesrv", "--set", "port=70000")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tern namesrv: NameServer setting port = 70000 is invalid");
        err.reset();
        assertThat(Tern.run("broker", "--data", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("tern broker needs NameServers to register with");
        err.reset();
        assertThat(Tern.run("broker", "--set", "port")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--set port is not name=value");
    }

    @Test
    void standaloneReadsBothHalvesFromOneFile() throws Exception {
        Path conf = Files.writeString(dir.resolve("tern.conf"), String.join("\n", "dataDir=" + dir.resolve("data"), "port=0",
                "flushMode=SYNC", "maxDeliveries=4", "namesrv.port=0", "namesrv.brokerExpiry=90s", ""));
        StandaloneCommand standalone = new StandaloneCommand();
        new CommandLine(standalone).parseArgs("-c", conf.toString(), "--set", "retention=36h");
        try (StandaloneCommand.Servers s = standalone.start()) {
            assertThat(s.broker().config().store().flushMode()).isEqualTo(FlushMode.SYNC);
            assertThat(s.broker().config().store().dataDir()).isEqualTo(dir.resolve("data"));
            assertThat(s.broker().config().retry().maxDeliveries()).isEqualTo(4);
            assertThat(s.broker().config().store().retention()).isEqualTo(Duration.ofHours(36));
            assertThat(s.broker().config().autoCreateTopics()).isTrue();
            assertThat(s.broker().config().nameServers()).containsExactly(s.namesrv().address());
            assertThat(s.broker().registrationFailures()).isEmpty();
        }
        assertThat(Tern.run("standalone", "-c", conf.toString(), "--print-settings")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("maxDeliveries (int, deliveries) default: 16  value: 4")
                .contains("brokerExpiry (duration) default: 2m  value: 90s");
    }
}
