package io.tern.namesrv.internal;

import io.tern.protocol.BrokerRegistration;
import io.tern.protocol.TopicConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistrationValidatorTest {
    static BrokerRegistration reg(String cluster, String name, long id, String address, TopicConfig... topics) {
        return new BrokerRegistration(cluster, name, id, address, List.of(topics));
    }

    @Test
    void aGoodRegistrationPasses() {
        assertThatCode(() -> RegistrationValidator.validate(reg("c", "a", 0, "h:1", TopicConfig.of("T", 0), TopicConfig.of("U", 1024))))
                .doesNotThrowAnyException();
    }

    @Test
    void eachBadValueIsNamedWithItsLimit() {
        refused(reg(null, "a", 0, "h:1"), "cluster = null is invalid: must be non-empty");
        refused(reg("c", "", 0, "h:1"), "brokerName = '' is invalid: must be non-empty");
        refused(reg("c", "a", 0, null), "address = null is invalid");
        refused(reg("c", "a", -1, "h:1"), "brokerId = -1 is invalid: must be 0 (master) or positive");
        refused(reg("c", "a", 0, "h:0"), "address = 'h:0' is invalid: must be host:port with a port in [1, 65535]");
        refused(reg("c", "a", 0, "h"), "address = 'h' is invalid");
        refused(reg("c", "a", 0, "h:1", new TopicConfig(null, 1, 1, 6)), "topic name = null is invalid");
        refused(reg("c", "a", 0, "h:1", new TopicConfig("T", -1, 1, 6)), "topic 'T': readQueues = -1 is invalid: must be in [0, 1024]");
        refused(reg("c", "a", 0, "h:1", new TopicConfig("T", 1, 1025, 6)), "topic 'T': writeQueues = 1025 is invalid: must be in [0, 1024]");
        refused(reg("c", "a", 0, "h:1", new TopicConfig("T", 1, 1, 9)), "topic 'T': perm = 9 is invalid");
        refused(reg("c", "a", 0, "h:1", TopicConfig.of("T", 1), TopicConfig.of("T", 2)), "topic 'T': name = 'T' is invalid: must be listed once");
    }

    @Test
    void anUnregistrationNeedsOnlyTheAddress() {
        assertThatCode(() -> RegistrationValidator.validateUnregistration(reg(null, null, -1, "h:1"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> RegistrationValidator.validateUnregistration(reg("c", "a", 0, null)))
                .hasMessageContaining("address = null is invalid");
    }

    private static void refused(BrokerRegistration r, String message) {
        assertThatThrownBy(() -> RegistrationValidator.validate(r))
                .isInstanceOf(RegistrationValidator.InvalidRegistrationException.class).hasMessageContaining(message);
    }
}
