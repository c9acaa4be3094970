package io.tern.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MapMessage: the conversion table of spec 3.11.3, null rules, byte[] copies, names, read-only body. */
class MapMessageTest {
    static Object read(MapMessage m, String type, String name) throws JMSException {
        return switch (type) {
            case "boolean" -> m.getBoolean(name);
            case "byte" -> m.getByte(name);
            case "short" -> m.getShort(name);
            case "char" -> m.getChar(name);
            case "int" -> m.getInt(name);
            case "long" -> m.getLong(name);
            case "float" -> m.getFloat(name);
            case "double" -> m.getDouble(name);
            case "String" -> m.getString(name);
            case "byte[]" -> m.getBytes(name);
            default -> throw new IllegalArgumentException(type);
        };
    }

    static String text(Object v) {
        return v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v);
    }

    @Test
    void theTableAllowsExactlyTheSpecsThirtyTwoConversions() {
        assertThat(BodyConversionTable.pairs().filter(a -> (Boolean) a.get()[2]).count()).isEqualTo(32);
        assertThat(BodyConversionTable.pairs().count()).isEqualTo(100);
    }

    @ParameterizedTest(name = "a {0} entry read as {1}: allowed={2}")
    @MethodSource("io.tern.jms.internal.message.BodyConversionTable#pairs")
    void conversionTableForMapValues(String written, String requested, boolean allowed) throws JMSException {
        TernMapMessage m = new TernMapMessage();
        m.setObject("v", BodyConversionTable.sample(written));
        if (allowed) {
            assertThat(text(read(m, requested, "v"))).isEqualTo(BodyConversionTable.expected(written, requested));
        } else {
            assertThatThrownBy(() -> read(m, requested, "v")).isInstanceOf(MessageFormatException.class)
                    .hasMessageContaining("'v'");
        }
    }

    @Test
    void absentEntryReadsAsValueOfNull() throws JMSException {
        TernMapMessage m = new TernMapMessage();
        assertThat(m.getBoolean("x")).isFalse();
        assertThat(m.getString("x")).isNull();
        assertThat(m.getBytes("x")).isNull();
        assertThat(m.getObject("x")).isNull();
        assertThatThrownBy(() -> m.getInt("x")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getLong("x")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> m.getDouble("x")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> m.getChar("x")).isInstanceOf(NullPointerException.class);
    }

    @Test
    void byteArraysAreCopiedInAndOut() throws JMSException {
        TernMapMessage m = new TernMapMessage();
        byte[] b = {1, 2, 3};
        m.setBytes("b", b);
        b[0] = 9;
        byte[] out = m.getBytes("b");
        assertThat(out).containsExactly(1, 2, 3);
        out[1] = 9;
        ((byte[]) m.getObject("b"))[2] = 9;
        assertThat(m.getBytes("b")).containsExactly(1, 2, 3);
        m.setBytes("part", new byte[]{1, 2, 3, 4}, 1, 2);
        assertThat(m.getBytes("part")).containsExactly(2, 3);
        assertThatThrownBy(() -> m.setBytes("bad", new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(m.itemExists("bad")).isFalse();
    }

    @Test
    void namesMustNotBeNullOrEmpty() {
        TernMapMessage m = new TernMapMessage();
        assertThatThrownBy(() -> m.setInt(null, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> m.setString("", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setObjectRefusesOtherTypes() {
        TernMapMessage m = new TernMapMessage();
        assertThatThrownBy(() -> m.setObject("x", new Object())).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("java.lang.Object");
        assertThat(m.itemExists("x")).isFalse();
    }

    @Test
    void mapNamesAndItemExists() throws JMSException {
        TernMapMessage m = new TernMapMessage();
        m.setInt("a", 1);
        m.setString("b", null);
        assertThat(Collections.list(m.getMapNames())).containsExactly("a", "b");
        assertThat(m.itemExists("b")).isTrue();
        assertThat(m.itemExists("c")).isFalse();
    }

    @Test
    void readOnlyBodyRefusesSettersUntilClearBody() throws JMSException {
        TernMapMessage m = new TernMapMessage();
        m.setInt("a", 1);
        m.setReadOnly(true);
        assertThatThrownBy(() -> m.setInt("b", 2)).isInstanceOf(MessageNotWriteableException.class);
        assertThatThrownBy(() -> m.setBytes("b", new byte[1])).isInstanceOf(MessageNotWriteableException.class);
        assertThat(m.getInt("a")).isEqualTo(1);
        m.clearBody();
        assertThat(m.getMapNames().hasMoreElements()).isFalse();
        m.setInt("b", 2);
        assertThat(m.getInt("b")).isEqualTo(2);
    }

    @Test
    void getBodyIsACopyOfTheEntriesOrNullWhenEmpty() throws JMSException {
        TernMapMessage m = new TernMapMessage();
        assertThat((Object) m.getBody(Map.class)).isNull();
        assertThat(m.isBodyAssignableTo(String.class)).isTrue();
        m.setInt("a", 1);
        m.setBytes("b", new byte[]{1});
        @SuppressWarnings("unchecked")
        Map<String, Object> body = m.getBody(Map.class);
        assertThat(body).containsEntry("a", 1).containsKey("b");
        ((byte[]) body.get("b"))[0] = 7;
        body.put("c", 3);
        assertThat(m.getBytes("b")).containsExactly(1);
        assertThat(m.itemExists("c")).isFalse();
        assertThat(m.isBodyAssignableTo(Map.class)).isTrue();
        assertThat(m.isBodyAssignableTo(String.class)).isFalse();
        assertThatThrownBy(() -> m.getBody(String.class)).isInstanceOf(MessageFormatException.class);
    }
}
