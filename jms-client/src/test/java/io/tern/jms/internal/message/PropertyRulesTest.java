package io.tern.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Property names, value types, existence, enumeration, clearing and the read-only state (spec 3.5). */
class PropertyRulesTest {
    @ParameterizedTest(name = "\"{0}\" is a valid property name")
    @ValueSource(strings = {"a", "_x", "$y", "order_id2", "JMSXGroupID", "JMSXGroupSeq", "JMS_acme_flag", "é", "NULLx", "nulls"})
    void validIdentifiersAreAccepted(String name) {
        TernMessage m = new TernTextMessage();
        Object value = name.equals("JMSXGroupSeq") ? (Object) 1 : "v";
        assertThatCode(() -> m.setObjectProperty(name, value)).doesNotThrowAnyException();
        assertThat(m.propertyExists(name)).isTrue();
    }

    @ParameterizedTest(name = "\"{0}\" is refused as a property name")
    @ValueSource(strings = {"", "1abc", "a-b", "a b", "a.b", "NULL", "true", "False", "not", "AND", "or", "between", "LIKE",
            "in", "IS", "escape", "JMSCorrelationID", "JMSPriority", "JMSDeliveryMode", "JMSXFoo", "JMS_TERN_BodyType", "__TERN_TTL_MS"})
    void invalidNamesAreIllegalArgumentException(String name) {
        TernMessage m = new TernTextMessage();
        assertThatThrownBy(() -> m.setStringProperty(name, "v")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(name.isEmpty() ? "empty" : name);
    }

    @Test
    void nullNameIsIllegalArgumentException() {
        TernMessage m = new TernTextMessage();
        assertThatThrownBy(() -> m.setIntProperty(null, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void objectPropertyOfAnotherTypeIsMessageFormatException() {
        TernMessage m = new TernTextMessage();
        assertThatThrownBy(() -> m.setObjectProperty("p", 'c')).isInstanceOf(MessageFormatException.class).hasMessageContaining("Character");
        assertThatThrownBy(() -> m.setObjectProperty("p", new byte[1])).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.setObjectProperty("p", List.of())).isInstanceOf(MessageFormatException.class);
        assertThat(m.propertyExists("p")).isFalse();
    }

    @Test
    void jmsxGroupIdMustBeStringAndGroupSeqInt() {
        TernMessage m = new TernTextMessage();
        assertThatThrownBy(() -> m.setIntProperty("JMSXGroupID", 1)).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.setStringProperty("JMSXGroupSeq", "1")).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void propertyExistsOnlyForSetNames() throws JMSException {
        TernMessage m = new TernTextMessage();
        m.setIntProperty("a", 1);
        assertThat(m.propertyExists("a")).isTrue();
        assertThat(m.propertyExists("b")).isFalse();
        assertThat(m.propertyExists(null)).isFalse();
    }

    @Test
    void propertyNamesEnumerateInSetOrderAndAreASnapshot() throws JMSException {
        TernMessage m = new TernTextMessage();
        m.setIntProperty("b", 1);
        m.setIntProperty("a", 2);
        m.setIntProperty("b", 3);
        var names = m.getPropertyNames();
        m.setIntProperty("c", 4); // does not disturb the enumeration already handed out
        assertThat(Collections.list(names)).containsExactly("b", "a");
        assertThat(Collections.list(m.getPropertyNames())).containsExactly("b", "a", "c");
    }

    @Test
    void clearPropertiesEmptiesAndMakesWritable() throws JMSException {
        TernMessage m = new TernTextMessage();
        m.setIntProperty("a", 1);
        m.setReadOnly(true);
        assertThatThrownBy(() -> m.setIntProperty("b", 2)).isInstanceOf(MessageNotWriteableException.class).hasMessageContaining("'b'");
        m.clearProperties();
        assertThat(m.getPropertyNames().hasMoreElements()).isFalse();
        m.setIntProperty("b", 2);
        assertThat(m.getIntProperty("b")).isEqualTo(2);
    }

    @Test
    void readOnlyPropertiesRefuseEverySetter() {
        TernMessage m = new TernTextMessage();
        m.setReadOnly(true);
        assertThatThrownBy(() -> m.setBooleanProperty("p", true)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.setByteProperty("p", (byte) 1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.setShortProperty("p", (short) 1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.setIntProperty("p", 1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.setLongProperty("p", 1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.setFloatProperty("p", 1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.setDoubleProperty("p", 1)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.setStringProperty("p", "")).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.setObjectProperty("p", 1)).isInstanceOf(MessageNotWriteableException.class);
    }

    @Test
    void headersStaySettableOnAReadOnlyMessage() {
        TernMessage m = new TernTextMessage();
        m.setReadOnly(true);
        m.setJMSType("t");
        m.setJMSPriority(7);
        assertThat(m.getJMSType()).isEqualTo("t");
        assertThat(m.getJMSPriority()).isEqualTo(7);
    }
}
