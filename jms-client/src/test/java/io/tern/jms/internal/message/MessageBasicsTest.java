package io.tern.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Headers' defaults and setters, TextMessage and the plain Message body rules, acknowledge, copy, provider data. */
class MessageBasicsTest {
    @Test
    void headerDefaultsAreTheSpecs() {
        TernMessage m = TernMessage.createPlain();
        assertThat(m.getJMSDeliveryMode()).isEqualTo(jakarta.jms.DeliveryMode.PERSISTENT);
        assertThat(m.getJMSPriority()).isEqualTo(4);
        assertThat(m.getJMSMessageID()).isNull();
        assertThat(m.getJMSTimestamp()).isZero();
        assertThat(m.getJMSExpiration()).isZero();
        assertThat(m.getJMSDeliveryTime()).isZero();
        assertThat(m.getJMSRedelivered()).isFalse();
        assertThat(m.getJMSCorrelationIDAsBytes()).isNull();
    }

    @Test
    void correlationIdTextAndBytesReplaceEachOther() throws JMSException {
        TernMessage m = TernMessage.createPlain();
        m.setJMSCorrelationID("abc");
        assertThat(m.getJMSCorrelationIDAsBytes()).containsExactly('a', 'b', 'c');
        byte[] b = {'x', 'y'};
        m.setJMSCorrelationIDAsBytes(b);
        b[0] = 'z';
        assertThat(m.getJMSCorrelationIDAsBytes()).containsExactly('x', 'y');
        assertThat(m.getJMSCorrelationID()).isEqualTo("xy");
        m.setJMSCorrelationID(null);
        assertThat(m.getJMSCorrelationIDAsBytes()).isNull();
    }

    @Test
    void acknowledgeCallsTheSessionsCallback() throws JMSException {
        TernMessage m = new TernTextMessage("a");
        m.acknowledge(); // no callback: the application's own message, nothing to do
        AtomicInteger calls = new AtomicInteger();
        m.setAcknowledgeCallback(calls::incrementAndGet);
        m.acknowledge();
        m.acknowledge();
        assertThat(calls).hasValue(2);
    }

    @Test
    void acknowledgeFailureReachesTheCaller() {
        TernMessage m = new TernTextMessage("a");
        m.setAcknowledgeCallback(() -> {
            throw new jakarta.jms.IllegalStateException("session closed");
        });
        assertThatThrownBy(m::acknowledge).isInstanceOf(jakarta.jms.IllegalStateException.class);
    }

    @Test
    void textMessageBodyRules() throws JMSException {
        TernTextMessage m = new TernTextMessage();
        assertThat(m.getBody(String.class)).isNull();
        assertThat(m.isBodyAssignableTo(Integer.class)).isTrue();
        m.setText("t");
        assertThat(m.getBody(String.class)).isEqualTo("t");
        assertThat(m.getBody(CharSequence.class)).isEqualTo("t");
        assertThat(m.isBodyAssignableTo(String.class)).isTrue();
        assertThat(m.isBodyAssignableTo(Integer.class)).isFalse();
        assertThatThrownBy(() -> m.getBody(Integer.class)).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("java.lang.Integer");
        m.setReadOnly(true);
        assertThatThrownBy(() -> m.setText("x")).isInstanceOf(MessageNotWriteableException.class);
        m.clearBody();
        assertThat(m.getText()).isNull();
        m.setText("again");
        assertThat(m.getText()).isEqualTo("again");
    }

    @Test
    void plainMessageHasNoBody() throws JMSException {
        TernMessage m = TernMessage.createPlain();
        assertThat(m.getBody(String.class)).isNull();
        assertThat(m.isBodyAssignableTo(byte[].class)).isTrue();
        m.clearBody();
    }

    @Test
    void copyIsDeepAndLeavesOutCallbackAndProviderData() throws JMSException {
        TernTextMessage m = new TernTextMessage("a");
        m.setIntProperty("p", 1);
        m.setJMSCorrelationIDAsBytes(new byte[]{1});
        m.providerData("lease-1");
        m.setAcknowledgeCallback(() -> {
            throw new AssertionError("the copy must not acknowledge through the original's callback");
        });
        TernTextMessage c = (TernTextMessage) m.copy();
        m.setText("b");
        m.setIntProperty("p", 2);
        assertThat(c.getText()).isEqualTo("a");
        assertThat(c.getIntProperty("p")).isEqualTo(1);
        assertThat(c.getJMSCorrelationIDAsBytes()).containsExactly(1);
        assertThat(c.providerData()).isNull();
        c.acknowledge();
        assertThat(m.providerData()).isEqualTo("lease-1");
    }

    @Test
    void copyKeepsTheReadOnlyStates() {
        TernTextMessage m = new TernTextMessage("a");
        m.setReadOnly(true);
        TernMessage c = m.copy();
        assertThatThrownBy(() -> c.setIntProperty("p", 1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> ((TernTextMessage) c).setText("x")).isInstanceOf(MessageNotWriteableException.class);
    }
}
