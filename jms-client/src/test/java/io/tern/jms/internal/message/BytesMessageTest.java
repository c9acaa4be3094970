package io.tern.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** BytesMessage: DataOutput encoding, the write-only and read-only modes, reset, length, EOF, writeObject. */
class BytesMessageTest {
    private static TernBytesMessage everyType() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.writeBoolean(true);
        m.writeByte((byte) -2);
        m.writeShort((short) -3);
        m.writeChar('é');
        m.writeInt(40_000);
        m.writeLong(-5L);
        m.writeFloat(6.5f);
        m.writeDouble(7.25);
        m.writeUTF("hé\u0000");
        m.writeBytes(new byte[]{9, 10});
        m.writeBytes(new byte[]{0, 11, 12, 0}, 1, 2);
        return m;
    }

    @Test
    void bodyIsWhatDataOutputStreamWrites() throws Exception {
        TernBytesMessage m = everyType();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeBoolean(true);
            out.writeByte(-2);
            out.writeShort(-3);
            out.writeChar('é');
            out.writeInt(40_000);
            out.writeLong(-5L);
            out.writeFloat(6.5f);
            out.writeDouble(7.25);
            out.writeUTF("hé\u0000");
            out.write(new byte[]{9, 10, 11, 12});
        }
        assertThat(m.bodyBytes()).containsExactly(expected.toByteArray());
    }

    @Test
    void everyTypeReadsBackAfterReset() throws JMSException {
        TernBytesMessage m = everyType();
        m.reset();
        assertThat(m.readBoolean()).isTrue();
        assertThat(m.readByte()).isEqualTo((byte) -2);
        assertThat(m.readShort()).isEqualTo((short) -3);
        assertThat(m.readChar()).isEqualTo('é');
        assertThat(m.readInt()).isEqualTo(40_000);
        assertThat(m.readLong()).isEqualTo(-5L);
        assertThat(m.readFloat()).isEqualTo(6.5f);
        assertThat(m.readDouble()).isEqualTo(7.25);
        assertThat(m.readUTF()).isEqualTo("hé\u0000");
        byte[] rest = new byte[10];
        assertThat(m.readBytes(rest)).isEqualTo(4);
        assertThat(m.readBytes(rest)).isEqualTo(-1);
    }

    @Test
    void unsignedReadsSeeTheSameBytesUnsigned() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.writeByte((byte) -1);
        m.writeShort((short) -1);
        m.reset();
        assertThat(m.readUnsignedByte()).isEqualTo(255);
        assertThat(m.readUnsignedShort()).isEqualTo(65535);
    }

    @Test
    void bodyReadsWithAnyDataInput() throws Exception {
        TernBytesMessage m = everyType();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(m.bodyBytes()));
        in.skipNBytes(1 + 1 + 2 + 2 + 4 + 8 + 4 + 8);
        assertThat(in.readUTF()).isEqualTo("hé\u0000");
    }

    @Test
    void newMessageIsWriteOnly() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.writeInt(1);
        assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class).hasMessageContaining("reset()");
        assertThatThrownBy(m::getBodyLength).isInstanceOf(MessageNotReadableException.class);
        assertThatThrownBy(() -> m.getBody(byte[].class)).isInstanceOf(MessageNotReadableException.class);
    }

    @Test
    void resetMakesTheBodyReadOnlyAndRewinds() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.writeInt(7);
        m.reset();
        assertThatThrownBy(() -> m.writeInt(1)).isInstanceOf(MessageNotWriteableException.class);
        assertThat(m.readInt()).isEqualTo(7);
        m.reset();
        assertThat(m.readInt()).isEqualTo(7);
        assertThat(m.getBodyLength()).isEqualTo(4);
    }

    @Test
    void clearBodyMakesItWriteOnlyAndEmpty() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.writeInt(7);
        m.setReadOnly(true);
        m.clearBody();
        assertThatThrownBy(m::readInt).isInstanceOf(MessageNotReadableException.class);
        m.writeByte((byte) 1);
        m.reset();
        assertThat(m.getBodyLength()).isEqualTo(1);
    }

    @Test
    void readPastTheEndIsMessageEOFExceptionAndConsumesNothing() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.writeShort((short) 5);
        m.reset();
        assertThatThrownBy(m::readInt).isInstanceOf(MessageEOFException.class);
        assertThat(m.readShort()).isEqualTo((short) 5);
        assertThatThrownBy(m::readByte).isInstanceOf(MessageEOFException.class);
        assertThatThrownBy(m::readBoolean).isInstanceOf(MessageEOFException.class);
    }

    @Test
    void truncatedUtfIsMessageEOFExceptionAndConsumesNothing() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.writeShort((short) 10); // claims 10 bytes of UTF, has 1
        m.writeByte((byte) 'a');
        m.reset();
        assertThatThrownBy(m::readUTF).isInstanceOf(MessageEOFException.class);
        assertThat(m.readShort()).isEqualTo((short) 10);
    }

    @Test
    void readBytesWithLengthLongerThanTheArrayIsIndexOutOfBounds() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.writeInt(1);
        m.reset();
        assertThatThrownBy(() -> m.readBytes(new byte[2], 3)).isInstanceOf(IndexOutOfBoundsException.class);
        byte[] two = new byte[4];
        assertThat(m.readBytes(two, 2)).isEqualTo(2);
    }

    @Test
    void writeObjectTakesWrappersStringAndBytesOnly() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.writeObject(1);
        m.writeObject("s");
        m.writeObject(new byte[]{1});
        m.writeObject('c');
        assertThatThrownBy(() -> m.writeObject(new Object())).isInstanceOf(MessageFormatException.class);
        assertThatThrownBy(() -> m.writeObject(null)).isInstanceOf(NullPointerException.class);
        m.reset();
        assertThat(m.readInt()).isEqualTo(1);
        assertThat(m.readUTF()).isEqualTo("s");
        assertThat(m.readByte()).isEqualTo((byte) 1);
        assertThat(m.readChar()).isEqualTo('c');
    }

    @Test
    void getBodyIsACopyOfAllBytesAndKeepsThePosition() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        assertThat(m.isBodyAssignableTo(byte[].class)).isTrue();
        m.writeInt(0x01020304);
        m.reset();
        assertThat(m.readByte()).isEqualTo((byte) 1);
        byte[] body = m.getBody(byte[].class);
        assertThat(body).containsExactly(1, 2, 3, 4);
        body[1] = 9;
        assertThat(m.readByte()).isEqualTo((byte) 2);
        assertThat(m.isBodyAssignableTo(byte[].class)).isTrue();
        assertThat(m.isBodyAssignableTo(String.class)).isFalse();
        assertThatThrownBy(() -> m.getBody(String.class)).isInstanceOf(MessageFormatException.class);
    }

    @Test
    void emptyBodyIsNoBody() throws JMSException {
        TernBytesMessage m = new TernBytesMessage();
        m.reset();
        assertThat(m.getBody(byte[].class)).isNull();
        assertThat(m.isBodyAssignableTo(String.class)).isTrue();
    }

    @Test
    void writeUtfOfMoreThan65535BytesIsMessageFormatException() throws IOException {
        TernBytesMessage m = new TernBytesMessage();
        assertThatThrownBy(() -> m.writeUTF("x".repeat(70_000))).isInstanceOf(MessageFormatException.class);
    }
}
