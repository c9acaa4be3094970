package io.tern.tck.simplified;

import io.tern.tck.harness.Jms;
import io.tern.tck.harness.TernExtension;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.Queue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * JMS 3.1 section 7.3 and the JMSProducer javadoc: setters chain; properties follow the message conversion table;
 * properties and the JMSCorrelationID/JMSType/JMSReplyTo set on the producer reach every message it sends.
 */
@ExtendWith(TernExtension.class)
class JmsProducerPropertiesConvertAndChainTest {
    @Test
    void propertiesConvertAsOnAMessage(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            JMSProducer p = ctx.createProducer().setProperty("i", 42).setProperty("s", "7").setProperty("b", true)
                    .setProperty("f", 1.5f).setProperty("by", (byte) 3);
            assertThat(p.getLongProperty("i")).isEqualTo(42L);
            assertThat(p.getStringProperty("i")).isEqualTo("42");
            assertThat(p.getIntProperty("s")).isEqualTo(7);
            assertThat(p.getStringProperty("b")).isEqualTo("true");
            assertThat(p.getDoubleProperty("f")).isEqualTo(1.5d);
            assertThat(p.getShortProperty("by")).isEqualTo((short) 3);
            assertThat(p.getObjectProperty("i")).isEqualTo(42);
            assertThatThrownBy(() -> p.getBooleanProperty("i")).isInstanceOf(MessageFormatRuntimeException.class);
            assertThatThrownBy(() -> p.getByteProperty("f")).isInstanceOf(MessageFormatRuntimeException.class);
            assertThat(p.propertyExists("i")).isTrue();
            assertThat(p.propertyExists("none")).isFalse();
            assertThat(p.getPropertyNames()).containsExactlyInAnyOrder("i", "s", "b", "f", "by");
            assertThatThrownBy(() -> p.getPropertyNames().add("x")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> p.setProperty("", 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> p.setProperty(null, 1)).isInstanceOf(IllegalArgumentException.class);
            p.clearProperties();
            assertThat(p.getPropertyNames()).isEmpty();
        }
    }

    @Test
    void optionsChainAndAreChecked(Jms jms) {
        try (JMSContext ctx = jms.factory().createContext()) {
            JMSProducer p = ctx.createProducer();
            assertThat(p.setDeliveryMode(DeliveryMode.NON_PERSISTENT).setPriority(7).setTimeToLive(60_000).setDeliveryDelay(0)
                    .setDisableMessageID(true).setDisableMessageTimestamp(true).setJMSType("t")).isSameAs(p);
            assertThat(p.getDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
            assertThat(p.getPriority()).isEqualTo(7);
            assertThat(p.getTimeToLive()).isEqualTo(60_000);
            assertThat(p.getDisableMessageID()).isTrue();
            assertThat(p.getDisableMessageTimestamp()).isTrue();
            assertThatThrownBy(() -> p.setPriority(10)).isInstanceOf(JMSRuntimeException.class);
            assertThatThrownBy(() -> p.setDeliveryMode(3)).isInstanceOf(JMSRuntimeException.class);
            p.setJMSCorrelationIDAsBytes("abc".getBytes(StandardCharsets.UTF_8));
            assertThat(p.getJMSCorrelationIDAsBytes()).isEqualTo("abc".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void propertiesAndHeadersReachTheMessage(Jms jms) throws Exception {
        try (JMSContext ctx = jms.factory().createContext()) {
            Queue q = ctx.createQueue(Jms.unique("producer-props"));
            Queue reply = ctx.createQueue(Jms.unique("producer-reply"));
            Message sent = ctx.createTextMessage("body");
            sent.setIntProperty("mine", 1);
            sent.setStringProperty("over", "message");
            ctx.createProducer().setProperty("extra", 9L).setProperty("over", "producer").setJMSCorrelationID("corr-1")
                    .setJMSType("order").setJMSReplyTo(reply).setPriority(6).setDeliveryMode(DeliveryMode.NON_PERSISTENT).send(q, sent);
            Message got = ctx.createConsumer(q).receive(Jms.RECEIVE_TIMEOUT);
            assertThat(got).isNotNull();
            assertThat(got.getIntProperty("mine")).isEqualTo(1);
            assertThat(got.getLongProperty("extra")).isEqualTo(9L);
            assertThat(got.getStringProperty("over")).isEqualTo("producer");
            assertThat(got.getJMSCorrelationID()).isEqualTo("corr-1");
            assertThat(got.getJMSType()).isEqualTo("order");
            assertThat(got.getJMSReplyTo()).isEqualTo(reply);
            assertThat(got.getJMSPriority()).isEqualTo(6);
            assertThat(got.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        }
    }
}
