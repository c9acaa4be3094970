package io.tern.broker.config;

import io.tern.broker.BrokerConfig;
import io.tern.namesrv.NameServerConfig;
import io.tern.store.FlushMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsRegistryTest {
    @TempDir
    Path dir;

    @Test
    void aBrokerBuiltFromNoSettingsReadsBackEveryDeclaredDefault() {
        BrokerConfig config = BrokerSettings.builder(List.of()).build();
        for (Setting<BrokerConfig.Builder, BrokerConfig> s : BrokerSettings.REGISTRY.all()) {
            if (s.hasFixedDefault()) {
                assertThat(s.read(config)).as(s.name()).isEqualTo(s.defaultText());
            }
        }
        NameServerConfig ns = NameServerSettings.builder(List.of()).build();
        for (Setting<NameServerConfig.Builder, NameServerConfig> s : NameServerSettings.REGISTRY.all()) {
            assertThat(s.read(ns)).as(s.name()).isEqualTo(s.defaultText());
        }
    }

    @Test
    void everyBrokerSettingReachesTheBuiltConfig() {
        BrokerConfig c = BrokerSettings.builder(List.of(a("dataDir", dir.toString()), a("flushMode", "sync"), a("retention", "48h"),
                a("maxDeliveries", "3"), a("retryBackoff", "1s, 2s"), a("segmentSize", "64m"), a("txMaxChecks", "2"),
                a("txResolvedRetention", "1m"), a("nameServers", "a:1,b:2"), a("expiryTopic", "expired"), a("port", "0"))).build();
        assertThat(c.store().dataDir()).isEqualTo(dir);
        assertThat(c.store().flushMode()).isEqualTo(FlushMode.SYNC);
        assertThat(c.store().retention()).isEqualTo(Duration.ofHours(48));
        assertThat(c.store().segmentSize()).isEqualTo(64L << 20);
        assertThat(c.retry().maxDeliveries()).isEqualTo(3);
        assertThat(c.retry().backoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(c.transactions().maxChecks()).isEqualTo(2);
        assertThat(c.transactions().resolvedRetention()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.nameServers()).containsExactly("a:1", "b:2");
        assertThat(c.expiryTopic()).isEqualTo("expired");
        assertThat(c.port()).isZero();
    }

    @Test
    void aLaterAssignmentWins() {
        BrokerConfig c = BrokerSettings.builder(List.of(a("port", "1"), a("port", "2"))).build();
        assertThat(c.port()).isEqualTo(2);
    }

    @Test
    void anUnknownNameOrABadValueIsRefusedNamingTheSettingTheValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> BrokerSettings.builder(List.of(new Settings.Assignment("retension", "1h", " (b.conf line 2)"))))
                .isInstanceOf(SettingException.class)
                .hasMessageStartingWith("unknown broker setting 'retension' (b.conf line 2): see --print-settings");
        assertThatThrownBy(() -> BrokerSettings.builder(List.of(new Settings.Assignment("maxDeliveries", "many", " (--set)"))))
                .hasMessage("setting maxDeliveries = 'many' (--set) is invalid: must be an integer");
        assertThatThrownBy(() -> BrokerSettings.builder(List.of(a("flushMode", "sometimes"))))
                .hasMessage("setting flushMode = 'sometimes' is invalid: must be one of SYNC, ASYNC");
        assertThatThrownBy(() -> BrokerSettings.builder(List.of(a("retention", "3 weeks"))))
                .hasMessageContaining("must be a duration such as 500ms, 10s");
        // a value that reads but is out of range: the builder names it and the range
        assertThatThrownBy(() -> BrokerSettings.builder(List.of(a("maxDeliveries", "0"))).build())
                .hasMessage("broker setting maxDeliveries = 0 is invalid: must be 1-1000");
        assertThatThrownBy(() -> NameServerSettings.builder(List.of(a("port", "70000"))).build())
                .hasMessageContaining("NameServer setting port = 70000 is invalid");
    }

    @Test
    void aSettingsFileIsReadLineByLineAndABadLineIsNamed() throws Exception {
        Path f = Files.writeString(dir.resolve("b.conf"), "# comment\n\n port = 7 \naclFile=\n");
        assertThat(SettingsFile.read(f)).containsExactly(new Settings.Assignment("port", "7", " (" + f + " line 3)"),
                new Settings.Assignment("aclFile", "", " (" + f + " line 4)"));
        Path bad = Files.writeString(dir.resolve("bad.conf"), "port 7\n");
        assertThatThrownBy(() -> SettingsFile.read(bad)).hasMessage("settings file " + bad + " line 1 is not name=value: 'port 7'");
        assertThatThrownBy(() -> SettingsFile.read(dir.resolve("missing"))).hasMessageStartingWith("cannot read settings file");
    }

    @Test
    void typesReadWhatTheyPrint() {
        assertThat(SettingType.BYTES.parse("4m")).isEqualTo(4L << 20);
        assertThat(SettingType.DURATIONS.parse(SettingType.DURATIONS.format(BrokerConfig.DEFAULT_DELAY_LEVELS)))
                .isEqualTo(BrokerConfig.DEFAULT_DELAY_LEVELS);
        assertThat(SettingType.formatDuration(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThatThrownBy(() -> SettingType.BYTES.parse("99999999999999999999g")).isInstanceOf(IllegalArgumentException.class);
    }

    private static Settings.Assignment a(String name, String value) {
        return new Settings.Assignment(name, value, "");
    }
}
