package io.tern.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ObjectMessage: copies at set and get, and deserialization only of classes the policy trusts. */
class ObjectMessageTest {
    /** A class outside the built-in trusted packages. */
    static final class Parcel implements Serializable {
        private static final long serialVersionUID = 1L;
        final String label;

        Parcel(String label) {
            this.label = label;
        }
    }

    static byte[] serialize(Serializable o) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(b)) {
            out.writeObject(o);
        }
        return b.toByteArray();
    }

    @Test
    void objectIsSerializedWhenSetSoLaterChangesDoNotReachTheMessage() throws JMSException {
        ArrayList<String> list = new ArrayList<>(List.of("a"));
        TernObjectMessage m = new TernObjectMessage();
        m.setObject(list);
        list.add("b");
        assertThat(m.getObject()).isEqualTo(List.of("a"));
    }

    @Test
    void everyGetObjectIsAFreshCopy() throws JMSException {
        TernObjectMessage m = new TernObjectMessage(new ArrayList<>(List.of("a")));
        @SuppressWarnings("unchecked")
        List<String> first = (List<String>) m.getObject();
        first.add("changed");
        assertThat(m.getObject()).isEqualTo(List.of("a")).isNotSameAs(first);
    }

    @Test
    void applicationsOwnMessageReadsAnyClassBack() throws JMSException {
        TernObjectMessage m = new TernObjectMessage(new Parcel("p"));
        assertThat(((Parcel) m.getObject()).label).isEqualTo("p");
    }

    @Test
    void nullObjectIsNoBody() throws JMSException {
        TernObjectMessage m = new TernObjectMessage();
        assertThat(m.getObject()).isNull();
        assertThat(m.getBody(Serializable.class)).isNull();
        assertThat(m.isBodyAssignableTo(String.class)).isTrue();
    }

    @Test
    void unserializableObjectIsMessageFormatExceptionNamingIt() {
        TernObjectMessage m = new TernObjectMessage();
        ArrayList<Object> list = new ArrayList<>();
        list.add(new Object());
        assertThatThrownBy(() -> m.setObject(list)).isInstanceOf(MessageFormatException.class).hasMessageContaining("ArrayList");
    }

    @ParameterizedTest(name = "a received {0} deserializes under the default policy")
    @ValueSource(strings = {"String", "HashMap", "Instant", "BigDecimal", "int[]", "ConcurrentHashMap"})
    void builtInPackagesAreTrustedByDefault(String kind) throws Exception {
        Serializable o = switch (kind) {
            case "String" -> "s";
            case "HashMap" -> new HashMap<>(java.util.Map.of("k", 1));
            case "Instant" -> Instant.ofEpochSecond(5);
            case "BigDecimal" -> new BigDecimal("1.5");
            case "int[]" -> new int[]{1};
            default -> new ConcurrentHashMap<>(java.util.Map.of("k", 2L));
        };
        TernObjectMessage m = TernObjectMessage.ofSerialized(serialize(o), DeserializationPolicy.DEFAULT);
        assertThat(m.getObject()).usingRecursiveComparison().isEqualTo(o);
    }

    @Test
    void untrustedClassIsRefusedNamingTheClassAndBothSettings() throws Exception {
        TernObjectMessage m = TernObjectMessage.ofSerialized(serialize(new Parcel("x")), DeserializationPolicy.DEFAULT);
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining(Parcel.class.getName())
                .hasMessageContaining("trustedPackages")
                .hasMessageContaining("tern.jms.trustedPackages");
        assertThat(m.isBodyAssignableTo(Serializable.class)).isFalse();
        assertThatThrownBy(() -> m.getBody(Serializable.class)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void untrustedClassInsideATrustedCollectionIsRefused() throws Exception {
        ArrayList<Object> list = new ArrayList<>(List.of(new Parcel("inner")));
        TernObjectMessage m = TernObjectMessage.ofSerialized(serialize(list), DeserializationPolicy.DEFAULT);
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class).hasMessageContaining(Parcel.class.getName());
    }

    @Test
    void arrayOfUntrustedClassIsRefused() throws Exception {
        TernObjectMessage m = TernObjectMessage.ofSerialized(serialize(new Parcel[]{new Parcel("a")}), DeserializationPolicy.DEFAULT);
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class).hasMessageContaining(Parcel.class.getName());
    }

    @Test
    void trustedPackageSettingAllowsTheClass() throws Exception {
        DeserializationPolicy policy = DeserializationPolicy.parse(" com.example , io.tern.jms ");
        TernObjectMessage m = TernObjectMessage.ofSerialized(serialize(new Parcel("ok")), policy);
        assertThat(((Parcel) m.getObject()).label).isEqualTo("ok");
        assertThat(m.isBodyAssignableTo(Parcel.class)).isTrue();
        assertThat(m.getBody(Parcel.class).label).isEqualTo("ok");
    }

    @Test
    void starTrustsEveryClass() throws Exception {
        TernObjectMessage m = TernObjectMessage.ofSerialized(serialize(new Parcel("any")), DeserializationPolicy.parse("*"));
        assertThat(((Parcel) m.getObject()).label).isEqualTo("any");
    }

    @Test
    void corruptBytesAreMessageFormatException() {
        TernObjectMessage m = TernObjectMessage.ofSerialized(new byte[]{1, 2, 3}, DeserializationPolicy.DEFAULT);
        assertThatThrownBy(m::getObject).isInstanceOf(MessageFormatException.class).hasMessageContaining("3 bytes");
    }

    @Test
    void readOnlyBodyRefusesSetObject() {
        TernObjectMessage m = new TernObjectMessage();
        m.setReadOnly(true);
        assertThatThrownBy(() -> m.setObject("x")).isInstanceOf(MessageNotWriteableException.class);
    }
}
