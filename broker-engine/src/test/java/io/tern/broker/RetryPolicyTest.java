package io.tern.broker;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryPolicyTest {
    @Test
    void backoffFollowsTheSeriesAndRepeatsItsLastEntry() {
        RetryPolicy p = new RetryPolicy(4, List.of(Duration.ofMillis(10), Duration.ofMillis(30)));
        assertThat(p.backoffMillis(1)).isEqualTo(10);
        assertThat(p.backoffMillis(2)).isEqualTo(30);
        assertThat(p.backoffMillis(9)).isEqualTo(30);
        assertThat(p.exhausted(3)).isFalse();
        assertThat(p.exhausted(4)).isTrue();
    }

    @Test
    void defaultsAreSixteenDeliveriesAndRocketMqSeries() {
        RetryPolicy p = BrokerConfig.builder(Path.of("unused")).build().retry();
        assertThat(p.maxDeliveries()).isEqualTo(16);
        assertThat(p.backoffMillis(1)).isEqualTo(10_000);
        assertThat(p.backoffMillis(16)).isEqualTo(Duration.ofHours(2).toMillis());
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> BrokerConfig.builder(Path.of("unused")).maxDeliveries(0).build())
                .hasMessageContaining("maxDeliveries = 0");
        assertThatThrownBy(() -> BrokerConfig.builder(Path.of("unused")).retryBackoff(List.of()).build())
                .hasMessageContaining("retryBackoff");
    }
}
