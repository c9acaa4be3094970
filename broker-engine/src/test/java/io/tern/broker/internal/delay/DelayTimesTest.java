package io.tern.broker.internal.delay;

import io.tern.broker.BrokerConfig;
import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.message.SystemProperties;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link DeliveryTimes}: relative times become absolute on the broker clock; bad ones are refused with the reason. */
class DelayTimesTest {
    private static final long NOW = 1_700_000_000_000L;
    private final DeliveryTimes times = new DeliveryTimes(BrokerConfig.DEFAULT_MAX_DELAY, BrokerConfig.DEFAULT_DELAY_LEVELS);

    private static Message with(Object... nameValues) {
        Properties.Builder p = Properties.builder().put("user", "u");
        for (int i = 0; i < nameValues.length; i += 2) {
            p.put((String) nameValues[i], nameValues[i + 1]);
        }
        return new Message(new MessageId(1, 2), "T", 3, NOW - 5, 0, null, List.of(), p.build(), new byte[0]);
    }

    @Test
    void aMessageWithoutReservedPropertiesIsUntouchedAndDueNow() {
        Message m = with();
        DeliveryTimes.Resolved r = times.resolve(m, NOW);
        assertThat(r.message()).isSameAs(m);
        assertThat(r.delayed()).isFalse();
    }

    @Test
    void delayLevelAndTtlBecomeAbsoluteTimes() {
        DeliveryTimes.Resolved r = times.resolve(with(SystemProperties.DELAY_MILLIS, 1500L, SystemProperties.TTL_MILLIS, 60_000L), NOW);
        assertThat(r.deliverAt()).isEqualTo(NOW + 1500);
        assertThat(r.message().properties().asMap()).containsOnlyKeys("user", SystemProperties.DELIVER_AT, SystemProperties.EXPIRES_AT)
                .containsEntry(SystemProperties.DELIVER_AT, NOW + 1500).containsEntry(SystemProperties.EXPIRES_AT, NOW + 60_000);
        assertThat(times.resolve(with(SystemProperties.DELAY_LEVEL, 1), NOW).deliverAt()).isEqualTo(NOW + 1000);
        assertThat(times.resolve(with(SystemProperties.DELAY_LEVEL, 18), NOW).deliverAt()).isEqualTo(NOW + Duration.ofHours(2).toMillis());
        assertThat(times.resolve(with(SystemProperties.DELIVER_AT, NOW + 7), NOW).deliverAt()).isEqualTo(NOW + 7);
    }

    @Test
    void aTimeNotInTheFutureIsDueNowAndLosesTheProperty() {
        DeliveryTimes.Resolved r = times.resolve(with(SystemProperties.DELIVER_AT, NOW), NOW);
        assertThat(r.delayed()).isFalse();
        assertThat(r.message().properties().asMap()).containsOnlyKeys("user");
        assertThat(times.resolve(with(SystemProperties.DELAY_MILLIS, 0L), NOW).delayed()).isFalse();
    }

    @Test
    void exactlyTheMaximumIsAcceptedOneMillisecondMoreIsRefused() {
        long max = Duration.ofDays(30).toMillis();
        assertThat(times.resolve(with(SystemProperties.DELAY_MILLIS, max), NOW).refusal()).isNull();
        assertThat(times.resolve(with(SystemProperties.DELAY_MILLIS, max + 1), NOW).refusal())
                .contains("exceeds the broker's maximum delay PT720H (setting maxDelay)");
        assertThat(times.resolve(with(SystemProperties.DELIVER_AT, NOW + max + 1), NOW).refusal()).contains("maximum delay");
    }

    @Test
    void malformedValuesAreRefusedNamingThem() {
        assertThat(times.resolve(with(SystemProperties.DELAY_MILLIS, -1L), NOW).refusal()).contains("delay -1 ms is negative");
        assertThat(times.resolve(with(SystemProperties.DELAY_LEVEL, 0), NOW).refusal()).contains("delay level 0 is not one of this broker's levels 1-18");
        assertThat(times.resolve(with(SystemProperties.DELAY_LEVEL, 19), NOW).refusal()).contains("levels 1-18");
        assertThat(times.resolve(with(SystemProperties.DELIVER_AT, "soon"), NOW).refusal()).contains("__TERN_DELIVER_AT must be a LONG");
        assertThat(times.resolve(with(SystemProperties.DELAY_MILLIS, 5L, SystemProperties.DELAY_LEVEL, 2), NOW).refusal()).contains("set only one of");
        assertThat(times.resolve(with(SystemProperties.TTL_MILLIS, 0L), NOW).refusal()).contains("time-to-live 0 ms must be positive");
    }

    @Test
    void theRealTopicCannotBeForgedBySending() {
        DeliveryTimes.Resolved r = times.resolve(with(SystemProperties.REAL_TOPIC, "other", SystemProperties.DELAY_MILLIS, 10L), NOW);
        assertThat(r.message().properties().get(SystemProperties.REAL_TOPIC)).isNull();
    }
}
