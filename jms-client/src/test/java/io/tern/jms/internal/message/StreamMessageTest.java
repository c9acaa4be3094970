package io.tern.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.StreamMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** StreamMessage: conversion table (spec 3.11.3), failed reads keep the value, readBytes chunks, the two modes. */
class StreamMessageTest {
    static Object read(StreamMessage m, String type) throws JMSException {
        return switch (type) {
            case "boolean" -> m.readBoolean();
            case "byte" -> m.readByte();
            case "short" -> m.readShort();
            case "char" -> m.readChar();
            case "int" -> m.readInt();
            case "long" -> m.readLong();
            case "float" -> m.readFloat();
            case "double" -> m.readDouble();
            case "String" -> m.readString();
            case "byte[]" -> {
                byte[] buf = new byte[16];
                int n = m.readBytes(buf);
                yield java.util.Arrays.copyOf(buf, n);
            }
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static TernStreamMessage written(Object... values) throws JMSException {
        TernStreamMessage m = new TernStreamMessage();
        for (Object v : values) {
            m.writeObject(v);
        }
        m.reset();
        return m;
    }

    @ParameterizedTest(name = "a {0} value read as {1}: allowed={2}")
    @MethodSource("io.tern.jms.internal.message.BodyConversionTable#pairs")
    void conversionTableForStreamValues(String written, String requested, boolean allowed) throws JMSException {
        TernStreamMessage m = written(BodyConversionTable.sample(written));
        if (allowed) {
            assertThat(MapMessageTest.text(read(m, requested))).isEqualTo(BodyConversionTable.expected(written, requested));
        } else {
            assertThatThrownBy(() -> read(m, requested)).isInstanceOf(MessageFormatException.class);
            // a failed read does not consume the value: it is still there, as itself
            assertThat(MapMessageTest.text(read(m, written))).isEqualTo(BodyConversionTable.expected(written, written));
        }
    }

    @Test
    void failedParseDoesNotConsumeTheValue() throws JMSException {
        TernStreamMessage m = written("abc", null);
        assertThatThrownBy(m::readInt).isInstanceOf(NumberFormatException.class);
        assertThat(m.readString()).isEqualTo("abc");
        assertThatThrownBy(m::readLong).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(m::readDouble).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(m::readChar).isInstanceOf(NullPointerException.class);
        assertThat(m.readBoolean()).isFalse(); // null as boolean: Boolean.valueOf(null)
        assertThatThrownBy(m::readObject).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void nullValueReadsAsNullString() throws JMSException {
        TernStreamMessage m = written(null, null);
        assertThat(m.readString()).isNull();
        assertThat(m.readObject()).isNull();
    }

    @Test
    void readBytesReturnsChunksThenMinusOne() throws JMSException {
        TernStreamMessage m = written(new byte[]{1, 2, 3, 4, 5}, "next");
        byte[] buf = new byte[2];
        assertThat(m.readBytes(buf)).isEqualTo(2);
        assertThat(buf).containsExactly(1, 2);
        assertThat(m.readBytes(buf)).isEqualTo(2);
        assertThat(buf).containsExactly(3, 4);
        assertThat(m.readBytes(buf)).isEqualTo(1); // less than the buffer: the value is finished
        assertThat(buf[0]).isEqualTo((byte) 5);
        assertThat(m.readString()).isEqualTo("next");
    }

    @Test
    void readBytesThatFillsTheBufferExactlyNeedsAnotherCallWhichReturnsMinusOne() throws JMSException {
        TernStreamMessage m = written(new byte[]{1, 2}, 7);
        byte[] buf = new byte[2];
        assertThat(m.readBytes(buf)).isEqualTo(2);
        assertThat(m.readBytes(buf)).isEqualTo(-1);
        assertThat(m.readInt()).isEqualTo(7);
    }

    @Test
    void otherReadWhileByteArrayIsHalfReadIsMessageFormatException() throws JMSException {
        TernStreamMessage m = written(new byte[]{1, 2, 3});
        assertThat(m.readBytes(new byte[1])).isEqualTo(1);
        assertThatThrownBy(m::readObject).isInstanceOf(MessageFormatException.class).hasMessageContaining("half read");
        assertThat(m.readBytes(new byte[4])).isEqualTo(2);
    }

    @Test
    void readBytesOfNullIsMinusOneAndOfAnEmptyArrayZero() throws JMSException {
        TernStreamMessage m = written(null, new byte[0], "x");
        assertThat(m.readBytes(new byte[4])).isEqualTo(-1);
        assertThat(m.readBytes(new byte[4])).isEqualTo(0);
        assertThat(m.readString()).isEqualTo("x");
    }

    @Test
    void readBytesOfAnotherTypeIsMessageFormatExceptionAndKeepsIt() throws JMSException {
        TernStreamMessage m = written("s");
        assertThatThrownBy(() -> m.readBytes(new byte[1])).isInstanceOf(MessageFormatException.class);
        assertThat(m.readString()).isEqualTo("s");
    }

    @Test
    void readPastTheEndIsMessageEOFException() throws JMSException {
        TernStreamMessage m = written(1);
        m.readInt();
        assertThatThrownBy(m::readInt).isInstanceOf(MessageEOFException.class);
        assertThatThrownBy(() -> m.readBytes(new byte[1])).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void newMessageIsWriteOnlyAndResetMakesItReadOnly() throws JMSException {
        TernStreamMessage m = new TernStreamMessage();
        m.writeInt(1);
        assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
        m.reset();
        assertThat(m.readInt()).isEqualTo(1);
        assertThatThrownBy(() -> m.writeInt(2)).isInstanceOf(MessageNotWriteableException.class);
        m.reset();
        assertThat(m.readInt()).isEqualTo(1); // reset goes back to the start
        m.clearBody();
        assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
        m.writeInt(3);
        m.reset();
        assertThat(m.readInt()).isEqualTo(3);
        assertThatThrownBy(m::readInt).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void writtenByteArraysAreCopied() throws JMSException {
        TernStreamMessage m = new TernStreamMessage();
        byte[] b = {1, 2};
        m.writeBytes(b);
        m.writeBytes(new byte[]{0, 5, 6, 0}, 1, 2);
        b[0] = 9;
        m.reset();
        byte[] out = (byte[]) m.readObject();
        assertThat(out).containsExactly(1, 2);
        assertThat((byte[]) m.readObject()).containsExactly(5, 6);
        TernStreamMessage w = new TernStreamMessage();
        assertThatThrownBy(() -> w.writeBytes(new byte[2], 1, 2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void writeObjectRefusesOtherTypes() {
        TernStreamMessage m = new TernStreamMessage();
        assertThatThrownBy(() -> m.writeObject(new StringBuilder())).isInstanceOf(MessageFormatException.class)
                .hasMessageContaining("StringBuilder");
    }

    @Test
    void getBodyAlwaysRefusesAStreamMessage() throws JMSException {
        TernStreamMessage m = written(1);
        assertThatThrownBy(() -> m.getBody(Object.class)).isInstanceOf(MessageFormatException.class);
        assertThat(m.isBodyAssignableTo(Object.class)).isFalse();
    }
}
