package io.tern.jms.internal.message;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.Arrays;

/**
 * A {@link BytesMessage}: the body is exactly what {@link java.io.DataOutputStream} writes (big-endian primitives,
 * {@code writeUTF}'s modified UTF-8 with its 2-byte length), so it reads back with {@link java.io.DataInputStream} or
 * any DataInput. A new or cleared message is write-only ({@link MessageNotReadableException} on a read); {@link #reset()}
 * and a received message are read-only from the start of the body. Reading past the end is a
 * {@link MessageEOFException}; a read that fails leaves the position where it was only for the length checks
 * (as DataInput, a short read of a multi-byte value consumes what it read).
 */
public final class TernBytesMessage extends TernMessage implements BytesMessage {
    private ByteArrayOutputStream written = new ByteArrayOutputStream();
    private DataOutputStream out = new DataOutputStream(written);
    private byte[] body; // the read-mode body; null while writing
    private DataInputStream in;

    public TernBytesMessage() {
    }

    /** A received message's body (the array is kept as it is: the caller gives it up). */
    static TernBytesMessage ofBody(byte[] body) {
        TernBytesMessage m = new TernBytesMessage();
        m.written = null;
        m.out = null;
        m.body = body;
        m.in = new DataInputStream(new ByteArrayInputStream(body));
        return m;
    }

    /**
     * The whole body for the encoder: in read mode the array itself, not a copy (the encoder works on a snapshot,
     * which nobody else holds); in write mode a copy of what was written.
     */
    byte[] bodyBytesForEncoding() {
        return body != null ? body : written.toByteArray();
    }

    /** The whole body as written so far (write mode) or as read (read mode); a copy. */
    byte[] bodyBytes() {
        return body != null ? body.clone() : written.toByteArray();
    }

    @Override
    BodyType bodyType() {
        return BodyType.BYTES;
    }

    @Override
    TernMessage newEmpty() {
        return new TernBytesMessage();
    }

    @Override
    void copyBodyTo(TernMessage target) {
        TernBytesMessage t = (TernBytesMessage) target;
        if (body != null) {
            t.toReadMode(body.clone());
        } else {
            t.written.writeBytes(written.toByteArray());
        }
    }

    @Override
    void onBodyReadOnly() {
        if (body == null) {
            toReadMode(written.toByteArray());
        } else {
            in = new DataInputStream(new ByteArrayInputStream(body)); // already in read mode: rewind, no copy
        }
    }

    private void toReadMode(byte[] bytes) {
        body = bytes;
        in = new DataInputStream(new ByteArrayInputStream(body));
        written = null;
        out = null;
    }

    @Override
    void clearBodyContent() {
        body = null;
        in = null;
        written = new ByteArrayOutputStream();
        out = new DataOutputStream(written);
    }

    @Override
    Object bodyValue() throws JMSException {
        checkReadable();
        return body.length == 0 ? null : body.clone();
    }

    /** Answers in either mode (it reads nothing): true without bytes, else whether {@code c} takes a byte[]. */
    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        long length = body != null ? body.length : written.size();
        return length == 0 || (c != null && ((Class<?>) c).isAssignableFrom(byte[].class));
    }

    /** Puts the body in read-only mode at its start. */
    @Override
    public void reset() {
        if (isBodyReadOnly() && body != null) {
            in = new DataInputStream(new ByteArrayInputStream(body));
        } else {
            setBodyReadOnlyAtStart();
        }
    }

    private void setBodyReadOnlyAtStart() {
        toReadMode(bodyBytes());
        markBodyReadOnly();
    }

    @Override
    public long getBodyLength() throws JMSException {
        checkReadable();
        return body.length;
    }

    private void checkReadable() throws MessageNotReadableException {
        if (body == null) {
            throw new MessageNotReadableException("this BytesMessage is write-only; call reset() before reading it");
        }
    }

    private DataInputStream input() throws MessageNotReadableException {
        checkReadable();
        return in;
    }

    private DataOutputStream output() throws JMSException {
        checkBodyWritable();
        if (out == null) {
            throw new MessageNotWriteableException("this BytesMessage is in read mode; call clearBody() before writing");
        }
        return out;
    }

    // ---- reads ----

    @Override
    public boolean readBoolean() throws JMSException {
        return read(DataInputStream::readBoolean, 1);
    }

    @Override
    public byte readByte() throws JMSException {
        return read(DataInputStream::readByte, 1);
    }

    @Override
    public int readUnsignedByte() throws JMSException {
        return read(DataInputStream::readUnsignedByte, 1);
    }

    @Override
    public short readShort() throws JMSException {
        return read(DataInputStream::readShort, 2);
    }

    @Override
    public int readUnsignedShort() throws JMSException {
        return read(DataInputStream::readUnsignedShort, 2);
    }

    @Override
    public char readChar() throws JMSException {
        return read(DataInputStream::readChar, 2);
    }

    @Override
    public int readInt() throws JMSException {
        return read(DataInputStream::readInt, 4);
    }

    @Override
    public long readLong() throws JMSException {
        return read(DataInputStream::readLong, 8);
    }

    @Override
    public float readFloat() throws JMSException {
        return read(DataInputStream::readFloat, 4);
    }

    @Override
    public double readDouble() throws JMSException {
        return read(DataInputStream::readDouble, 8);
    }

    /** Reads a {@code writeUTF} string; a truncated one is a {@link MessageEOFException} and consumes nothing. */
    @Override
    public String readUTF() throws JMSException {
        DataInputStream data = input();
        data.mark(Integer.MAX_VALUE);
        try {
            return data.readUTF();
        } catch (EOFException e) {
            resetTo(data);
            throw eof("a UTF string", e);
        } catch (UTFDataFormatException e) {
            resetTo(data);
            MessageFormatException mfe = new MessageFormatException("the body holds no valid modified UTF-8 string here: " + e.getMessage());
            mfe.setLinkedException(e);
            throw mfe;
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail: " + e, e);
        }
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        return readBytes(value, value.length);
    }

    /** Reads up to {@code length} bytes; -1 at the end of the body. {@code length} beyond the array is an IndexOutOfBoundsException. */
    @Override
    public int readBytes(byte[] value, int length) throws JMSException {
        if (length < 0 || length > value.length) {
            throw new IndexOutOfBoundsException("length " + length + " must be between 0 and the array length " + value.length);
        }
        DataInputStream data = input();
        try {
            int n = data.read(value, 0, length);
            return n < 0 ? -1 : n;
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail: " + e, e);
        }
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    /** Reads a fixed-size value; if fewer than {@code size} bytes remain, nothing is consumed. */
    private <T> T read(Reader<T> reader, int size) throws JMSException {
        DataInputStream data = input();
        try {
            if (data.available() < size) {
                throw eof(size + " byte(s)", null);
            }
            return reader.read(data);
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array cannot fail: " + e, e);
        }
    }

    private static void resetTo(DataInputStream data) {
        try {
            data.reset();
        } catch (IOException e) {
            throw new IllegalStateException("a ByteArrayInputStream always resets: " + e, e);
        }
    }

    private MessageEOFException eof(String what, Exception cause) {
        MessageEOFException e = new MessageEOFException("end of the BytesMessage body (" + body.length
                + " bytes): cannot read " + what);
        if (cause != null) {
            e.setLinkedException(cause);
            e.initCause(cause);
        }
        return e;
    }

    // ---- writes ----

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private void write(Writer w) throws JMSException {
        DataOutputStream o = output();
        try {
            w.write(o);
        } catch (UTFDataFormatException e) {
            MessageFormatException mfe = new MessageFormatException("writeUTF takes at most 65535 bytes of modified UTF-8: " + e.getMessage());
            mfe.setLinkedException(e);
            throw mfe;
        } catch (IOException e) {
            throw new IllegalStateException("writing to a byte array cannot fail: " + e, e);
        }
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        write(o -> o.writeBoolean(value));
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        write(o -> o.writeByte(value));
    }

    @Override
    public void writeShort(short value) throws JMSException {
        write(o -> o.writeShort(value));
    }

    @Override
    public void writeChar(char value) throws JMSException {
        write(o -> o.writeChar(value));
    }

    @Override
    public void writeInt(int value) throws JMSException {
        write(o -> o.writeInt(value));
    }

    @Override
    public void writeLong(long value) throws JMSException {
        write(o -> o.writeLong(value));
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        write(o -> o.writeFloat(value));
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        write(o -> o.writeDouble(value));
    }

    @Override
    public void writeUTF(String value) throws JMSException {
        java.util.Objects.requireNonNull(value, "writeUTF: the string must not be null");
        write(o -> o.writeUTF(value));
    }

    @Override
    public void writeBytes(byte[] value) throws JMSException {
        write(o -> o.write(value));
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        write(o -> o.write(value, offset, length));
    }

    /**
     * Writes a Boolean, Byte, Short, Character, Integer, Long, Float, Double, String (as {@code writeUTF}) or byte[];
     * null is a NullPointerException, another type a {@link MessageFormatException}.
     */
    @Override
    public void writeObject(Object value) throws JMSException {
        java.util.Objects.requireNonNull(value, "writeObject: the value must not be null");
        if (value instanceof Boolean b) {
            writeBoolean(b);
        } else if (value instanceof Byte b) {
            writeByte(b);
        } else if (value instanceof Short s) {
            writeShort(s);
        } else if (value instanceof Character c) {
            writeChar(c);
        } else if (value instanceof Integer i) {
            writeInt(i);
        } else if (value instanceof Long l) {
            writeLong(l);
        } else if (value instanceof Float f) {
            writeFloat(f);
        } else if (value instanceof Double d) {
            writeDouble(d);
        } else if (value instanceof String s) {
            writeUTF(s);
        } else if (value instanceof byte[] b) {
            writeBytes(b);
        } else {
            throw new MessageFormatException("writeObject cannot write a " + value.getClass().getName()
                    + "; it takes a primitive wrapper, a String or a byte[]");
        }
    }

    @Override
    public String toString() {
        return super.toString() + (body != null ? " body " + body.length + " bytes: " + Arrays.toString(Arrays.copyOf(body, Math.min(body.length, 16))) : "");
    }
}
