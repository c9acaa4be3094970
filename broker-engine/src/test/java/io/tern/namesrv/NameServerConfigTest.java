package io.tern.namesrv;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NameServerConfigTest {
    @Test
    void defaultsAreRocketMqs() {
        NameServerConfig c = NameServerConfig.builder().build();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(9876);
        assertThat(c.brokerExpiry()).isEqualTo(Duration.ofSeconds(120));
        assertThat(c.scanInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.manualAgents()).isFalse();
    }

    @Test
    void invalidSettingsFailNamingTheValueAndTheLimit() {
        assertThatThrownBy(() -> NameServerConfig.builder().port(65536).build())
                .hasMessage("NameServer setting port = 65536 is invalid: must be in [0, 65535] (0 = ephemeral)");
        assertThatThrownBy(() -> NameServerConfig.builder().host(" ").build()).hasMessageContaining("host = ' ' is invalid");
        assertThatThrownBy(() -> NameServerConfig.builder().brokerExpiry(Duration.ZERO).build()).hasMessageContaining("brokerExpiry = PT0S");
        assertThatThrownBy(() -> NameServerConfig.builder().scanInterval(Duration.ofMinutes(3)).build())
                .hasMessageContaining("scanInterval = PT3M is invalid: must be at most brokerExpiry (PT2M)");
    }

    @Test
    void registrarSettingsAreValidatedToo() {
        assertThatThrownBy(() -> BrokerRegistrar.Settings.of(List.of())).hasMessageContaining("nameServers = [] is invalid");
        assertThatThrownBy(() -> BrokerRegistrar.Settings.of(List.of("a:1", "a:1"))).hasMessageContaining("without repeats");
        assertThatThrownBy(() -> new BrokerRegistrar.Settings(List.of("a:1"), Duration.ofSeconds(1), Duration.ofSeconds(1), java.time.InstantSource.system()))
                .hasMessageContaining("callTimeout = PT1S is invalid: must be at least 1 ms and shorter than the interval (PT1S)");
    }
}
