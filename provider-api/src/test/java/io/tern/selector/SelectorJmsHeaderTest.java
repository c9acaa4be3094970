package io.tern.selector;

import io.tern.message.MessageId;
import io.tern.message.Properties;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/** The header fields a selector reads from the properties the JMS provider writes (MessageMapping's wire form). */
class SelectorJmsHeaderTest {
    private static SelectorContext ctx(Properties p) {
        return SelectorContext.of(new MessageId(1, 2), 1000, null, p);
    }

    private static boolean matches(String selector, Properties p) throws SelectorException {
        return Selector.compile(selector).matches(ctx(p));
    }

    @Test
    void jmsDeliveryModeIsReadFromTheProperty() throws SelectorException {
        Properties nonPersistent = Properties.builder().put("JMSDeliveryMode", "NON_PERSISTENT").build();
        Properties persistent = Properties.builder().put("JMSDeliveryMode", "PERSISTENT").build();
        assertThat(matches("JMSDeliveryMode = 'NON_PERSISTENT'", nonPersistent)).isTrue();
        assertThat(matches("JMSDeliveryMode = 'PERSISTENT'", nonPersistent)).isFalse();
        assertThat(matches("JMSDeliveryMode = 'PERSISTENT'", persistent)).isTrue();
    }

    @Test
    void jmsDeliveryModeDefaultsToPersistentWithoutOrWithAMalformedProperty() throws SelectorException {
        assertThat(matches("JMSDeliveryMode = 'PERSISTENT'", Properties.EMPTY)).isTrue();
        assertThat(matches("JMSDeliveryMode = 'PERSISTENT'", Properties.builder().put("JMSDeliveryMode", 1).build())).isTrue();
    }

    @Test
    void jmsTimestampIsTheProducersValueWhenStored() throws SelectorException {
        assertThat(matches("JMSTimestamp = 1000", Properties.EMPTY)).isTrue();
        assertThat(matches("JMSTimestamp = 0", Properties.builder().put("JMS_TERN_Timestamp", 0L).build())).isTrue();
    }

    @Test
    void jmsCorrelationIdSetAsBytesReadsAsItsUtf8Text() throws SelectorException {
        String b64 = Base64.getEncoder().encodeToString("corr-7".getBytes(StandardCharsets.UTF_8));
        assertThat(matches("JMSCorrelationID = 'corr-7'", Properties.builder().put("JMS_TERN_CorrelationIDBytes", b64).build())).isTrue();
        assertThat(matches("JMSCorrelationID IS NULL", Properties.builder().put("JMS_TERN_CorrelationIDBytes", "%%").build())).isTrue();
    }

    @Test
    void jmsPriorityOutOfRangeCountsAsTheDefault() throws SelectorException {
        assertThat(matches("JMSPriority = 4", Properties.builder().put("JMSPriority", 42).build())).isTrue();
        assertThat(matches("JMSPriority = 9", Properties.builder().put("JMSPriority", 9).build())).isTrue();
    }
}
