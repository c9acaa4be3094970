package io.tern.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.MessageEOFException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotReadableException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.StreamMessage;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link StreamMessage}: a sequence of typed values (wire layout: {@link TypedValueCodec}), read in order through
 * the conversion table of {@link ValueConversions}. Write-only when new or cleared, read-only after {@link #reset()}
 * or when received. A read whose conversion fails (MessageFormatException, NumberFormatException, NullPointerException)
 * does not consume the value, so the application may read it again as another type.
 *
 * <p>{@link #readBytes(byte[])} reads a byte[] value in chunks: each call copies up to the buffer's length; a call
 * that returns less than the buffer's length finishes the value; one that fills the buffer exactly leaves it open, and
 * the next call returns -1 if nothing was left. A null value reads as -1. While a byte[] value is half read, any other
 * read is a {@link MessageFormatException}. {@link #getBody} always refuses a StreamMessage (spec). Not thread-safe.
 */
public final class TernStreamMessage extends TernMessage implements StreamMessage {
    private List<Object> values = new ArrayList<>();
    private boolean readMode;
    private int position;
    private int bytesOffset = -1; // offset into the byte[] at position while a chunked readBytes is open, else -1

    public TernStreamMessage() {
    }

    static TernStreamMessage ofValues(List<Object> values) {
        TernStreamMessage m = new TernStreamMessage();
        m.values = values;
        m.readMode = true;
        return m;
    }

    /** The values (byte arrays not copied: for the encoder). */
    List<Object> values() {
        return java.util.Collections.unmodifiableList(values);
    }

    @Override
    BodyType bodyType() {
        return BodyType.STREAM;
    }

    @Override
    TernMessage newEmpty() {
        return new TernStreamMessage();
    }

    @Override
    void copyBodyTo(TernMessage target) {
        TernStreamMessage t = (TernStreamMessage) target;
        t.values = new ArrayList<>(values.size());
        for (Object v : values) {
            t.values.add(v instanceof byte[] b ? b.clone() : v);
        }
        t.readMode = readMode;
    }

    @Override
    void onBodyReadOnly() {
        toStart();
    }

    private void toStart() {
        readMode = true;
        position = 0;
        bytesOffset = -1;
    }

    @Override
    void clearBodyContent() {
        values = new ArrayList<>();
        readMode = false;
        position = 0;
        bytesOffset = -1;
    }

    @Override
    Object bodyValue() throws JMSException {
        throw new MessageFormatException("the body of a StreamMessage cannot be returned by getBody (spec 3.11);"
                + " read it with the read methods");
    }

    @Override
    public boolean isBodyAssignableTo(@SuppressWarnings("rawtypes") Class c) {
        return false;
    }

    @Override
    public void reset() {
        toStart();
        markBodyReadOnly();
    }

    // ---- reads ----

    private Object peek() throws JMSException {
        if (!readMode) {
            throw new MessageNotReadableException("this StreamMessage is write-only; call reset() before reading it");
        }
        if (bytesOffset >= 0) {
            throw new MessageFormatException("a byte[] value is half read; call readBytes until it returns less than"
                    + " the buffer length or -1 before reading another value");
        }
        if (position >= values.size()) {
            throw new MessageEOFException("end of the StreamMessage: all " + values.size() + " values were read");
        }
        return values.get(position);
    }

    private String what() {
        return "stream value " + position;
    }

    private <T> T consumed(T v) {
        position++;
        return v;
    }

    @Override
    public boolean readBoolean() throws JMSException {
        return consumed(ValueConversions.toBoolean(peek(), what()));
    }

    @Override
    public byte readByte() throws JMSException {
        return consumed(ValueConversions.toByte(peek(), what()));
    }

    @Override
    public short readShort() throws JMSException {
        return consumed(ValueConversions.toShort(peek(), what()));
    }

    @Override
    public char readChar() throws JMSException {
        return consumed(ValueConversions.toChar(peek(), what()));
    }

    @Override
    public int readInt() throws JMSException {
        return consumed(ValueConversions.toInt(peek(), what()));
    }

    @Override
    public long readLong() throws JMSException {
        return consumed(ValueConversions.toLong(peek(), what()));
    }

    @Override
    public float readFloat() throws JMSException {
        return consumed(ValueConversions.toFloat(peek(), what()));
    }

    @Override
    public double readDouble() throws JMSException {
        return consumed(ValueConversions.toDouble(peek(), what()));
    }

    @Override
    public String readString() throws JMSException {
        return consumed(ValueConversions.toStringValue(peek(), what()));
    }

    @Override
    public Object readObject() throws JMSException {
        Object v = peek();
        return consumed(v instanceof byte[] b ? b.clone() : v);
    }

    @Override
    public int readBytes(byte[] value) throws JMSException {
        if (bytesOffset < 0) {
            Object v = peek();
            if (v == null) {
                position++;
                return -1;
            }
            if (!(v instanceof byte[])) {
                throw new MessageFormatException(what() + " holds a " + ValueConversions.typeName(v)
                        + " (" + v + "), which readBytes cannot read (only a byte[])");
            }
            bytesOffset = 0;
        }
        byte[] current = (byte[]) values.get(position);
        int remaining = current.length - bytesOffset;
        if (remaining == 0 && bytesOffset > 0) {
            finishBytes();
            return -1;
        }
        int n = Math.min(remaining, value.length);
        System.arraycopy(current, bytesOffset, value, 0, n);
        bytesOffset += n;
        if (n < value.length) {
            finishBytes();
        }
        return n;
    }

    private void finishBytes() {
        bytesOffset = -1;
        position++;
    }

    // ---- writes ----

    private void add(Object v) throws JMSException {
        checkBodyWritable();
        if (readMode) {
            throw new MessageNotWriteableException("this StreamMessage is in read mode; call clearBody() before writing");
        }
        values.add(v);
    }

    @Override
    public void writeBoolean(boolean value) throws JMSException {
        add(value);
    }

    @Override
    public void writeByte(byte value) throws JMSException {
        add(value);
    }

    @Override
    public void writeShort(short value) throws JMSException {
        add(value);
    }

    @Override
    public void writeChar(char value) throws JMSException {
        add(value);
    }

    @Override
    public void writeInt(int value) throws JMSException {
        add(value);
    }

    @Override
    public void writeLong(long value) throws JMSException {
        add(value);
    }

    @Override
    public void writeFloat(float value) throws JMSException {
        add(value);
    }

    @Override
    public void writeDouble(double value) throws JMSException {
        add(value);
    }

    @Override
    public void writeString(String value) throws JMSException {
        add(value);
    }

    /** Writes a copy of {@code value} (null writes a null value). */
    @Override
    public void writeBytes(byte[] value) throws JMSException {
        add(value == null ? null : value.clone());
    }

    @Override
    public void writeBytes(byte[] value, int offset, int length) throws JMSException {
        java.util.Objects.checkFromIndexSize(offset, length, value.length);
        add(java.util.Arrays.copyOfRange(value, offset, offset + length));
    }

    /** Writes a primitive wrapper, String, byte[] (copied) or null; another type is a {@link MessageFormatException}. */
    @Override
    public void writeObject(Object value) throws JMSException {
        if (value != null && !StreamValues.isValueType(value)) {
            throw new MessageFormatException("a StreamMessage cannot hold a " + value.getClass().getName()
                    + "; it takes a primitive wrapper, a String or a byte[]");
        }
        add(value instanceof byte[] b ? b.clone() : value);
    }
}
