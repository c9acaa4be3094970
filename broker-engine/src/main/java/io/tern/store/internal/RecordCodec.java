package io.tern.store.internal;

import io.tern.message.MalformedMessageException;
import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.store.MessageRecord;
import io.tern.store.StoredMessage;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import static io.tern.store.internal.RecordDescriptor.*;

/** Encodes, verifies and decodes commit-log records laid out as {@link RecordDescriptor} draws. Stateless. */
public final class RecordCodec {
    /** Result of {@link #check}: zeros where a record would start, i.e. the end of written data. */
    public static final int END_OF_DATA = 0;
    /** Result of {@link #check}: an end-of-segment marker. */
    public static final int END_OF_SEGMENT = -1;
    /** Result of {@link #check}: bytes that are not a valid record at this position. */
    public static final int INVALID = -2;

    private RecordCodec() {
    }

    /** Why this message cannot be stored, naming the value and the limit; null if it can. */
    public static String validate(MessageRecord m, int maxMessageSize) {
        String badTopic = io.tern.protocol.Names.invalidTopic(m.topic());
        if (badTopic != null) {
            return badTopic;
        }
        if (m.queueId() < 0 || m.queueId() > MAX_QUEUE_ID) {
            return "queue id " + m.queueId() + " is out of range 0.." + MAX_QUEUE_ID;
        }
        if (m.bornHost().isUnresolved()) {
            return "born host " + m.bornHost() + " is unresolved; give an IP address";
        }
        if (m.keys().size() > MAX_KEYS) {
            return "a message has at most " + MAX_KEYS + " keys, this one has " + m.keys().size();
        }
        if (m.tag() != null && utf8(m.tag()).length > MAX_SHORT_STRING_BYTES) {
            return "tag is longer than " + MAX_SHORT_STRING_BYTES + " UTF-8 bytes";
        }
        for (String key : m.keys()) {
            if (key == null || key.isEmpty() || utf8(key).length > MAX_SHORT_STRING_BYTES) {
                return "key must be 1 to " + MAX_SHORT_STRING_BYTES + " UTF-8 bytes, got " + (key == null ? "null" : key.length() + " chars");
            }
        }
        long size = encodedSize(m);
        if (size > maxMessageSize) {
            return "message of " + size + " bytes (body " + m.body().length + ") exceeds maxMessageSize " + maxMessageSize;
        }
        return null;
    }

    /** The record's total size in bytes; a long so that an absurd message cannot overflow it. */
    public static long encodedSize(MessageRecord m) {
        long size = FIXED_HEADER_SIZE + m.bornHost().getAddress().getAddress().length + 4L;
        size += 2L + utf8(m.topic()).length;
        size += 2L + (m.tag() == null ? 0 : utf8(m.tag()).length);
        size += 1;
        for (String key : m.keys()) {
            size += 2L + utf8(key).length;
        }
        size += 4L + m.properties().encodedSize();
        size += 4L + m.body().length;
        return size;
    }

    /**
     * Writes the record at {@code out}'s position and advances it; the caller has checked that {@code size} bytes remain.
     *
     * @param size the value {@link #encodedSize} returned for {@code m}
     */
    public static void encode(MessageRecord m, int size, long commitLogOffset, long queueOffset, long storeTimestamp, ByteBuffer out) {
        int start = out.position();
        out.putInt(size).putInt(MESSAGE_MAGIC).putInt(0 /* crc, below */).putInt(m.flags())
                .putLong(m.id().hi()).putLong(m.id().lo())
                .putInt(m.queueId()).putLong(queueOffset).putLong(commitLogOffset)
                .putLong(storeTimestamp).putLong(m.bornTimestamp());
        byte[] host = m.bornHost().getAddress().getAddress();
        out.put((byte) host.length).put(host).putInt(m.bornHost().getPort());
        putShortString(out, m.topic());
        putShortString(out, m.tag() == null ? "" : m.tag());
        out.put((byte) m.keys().size());
        for (String key : m.keys()) {
            putShortString(out, key);
        }
        out.putInt(m.properties().encodedSize());
        m.properties().writeTo(out);
        out.putInt(m.body().length).put(m.body());
        if (out.position() - start != size) {
            throw new IllegalStateException("encoded " + (out.position() - start) + " bytes but computed " + size);
        }
        out.putInt(start + CRC_OFFSET, crc(out, start + CRC_START, size - CRC_START));
    }

    /** Writes an end-of-segment marker covering {@code remaining} bytes at {@code out}'s position (only 8 bytes are written). */
    public static void encodeEndMarker(int remaining, ByteBuffer out) {
        out.putInt(remaining).putInt(END_OF_SEGMENT_MAGIC);
    }

    /**
     * Classifies the bytes at {@code pos}: a valid record's size, or {@link #END_OF_DATA}, {@link #END_OF_SEGMENT}
     * or {@link #INVALID}. Reads only within [pos, pos + available).
     *
     * @param commitLogOffset the log position {@code pos} stands for; a valid record names its own position
     */
    public static int check(ByteBuffer buf, int pos, int available, long commitLogOffset) {
        if (available < END_MARKER_SIZE) {
            return available == 0 || allZero(buf, pos, available) ? END_OF_DATA : INVALID;
        }
        int size = buf.getInt(pos + TOTAL_SIZE_OFFSET);
        int magic = buf.getInt(pos + MAGIC_OFFSET);
        if (size == 0 && magic == 0) {
            return END_OF_DATA;
        }
        if (magic == END_OF_SEGMENT_MAGIC) {
            return size == available ? END_OF_SEGMENT : INVALID;
        }
        if (magic != MESSAGE_MAGIC || size < FIXED_HEADER_SIZE || size > available) {
            return INVALID;
        }
        if (buf.getLong(pos + COMMIT_LOG_OFFSET_OFFSET) != commitLogOffset) {
            return INVALID;
        }
        if (buf.getInt(pos + CRC_OFFSET) != crc(buf, pos + CRC_START, size - CRC_START)) {
            return INVALID;
        }
        return size;
    }

    /** Decodes the whole record at {@code pos} (which {@link #check} has accepted), copying the body. */
    public static StoredMessage decode(ByteBuffer buf, int pos) {
        try {
            ByteBuffer in = buf.duplicate().position(pos + HOST_LENGTH_OFFSET);
            int size = buf.getInt(pos + TOTAL_SIZE_OFFSET);
            InetSocketAddress host = readHost(in);
            String topic = readShortString(in);
            String tag = readShortString(in);
            List<String> keys = readKeys(in);
            int propertiesLength = in.getInt();
            int propertiesEnd = in.position() + propertiesLength;
            Properties properties = Properties.readFrom(in);
            if (in.position() != propertiesEnd) {
                throw new MalformedMessageException("properties length " + propertiesLength + " disagrees with their content");
            }
            byte[] body = new byte[in.getInt()];
            in.get(body);
            MessageRecord m = new MessageRecord(new MessageId(buf.getLong(pos + ID_HI_OFFSET), buf.getLong(pos + ID_LO_OFFSET)),
                    topic, buf.getInt(pos + QUEUE_ID_OFFSET), buf.getLong(pos + BORN_TIMESTAMP_OFFSET), host,
                    buf.getInt(pos + FLAGS_OFFSET), properties, keys, tag.isEmpty() ? null : tag, body);
            return new StoredMessage(m, buf.getLong(pos + COMMIT_LOG_OFFSET_OFFSET), size,
                    buf.getLong(pos + QUEUE_OFFSET_OFFSET), buf.getLong(pos + STORE_TIMESTAMP_OFFSET));
        } catch (BufferUnderflowException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw new MalformedMessageException("record at buffer position " + pos + " does not decode: " + e, e);
        }
    }

    /** Decodes what the dispatcher needs, skipping properties and body. */
    public static RecordHeader decodeHeader(ByteBuffer buf, int pos) {
        ByteBuffer in = buf.duplicate().position(pos + HOST_LENGTH_OFFSET);
        in.position(in.position() + 1 + (in.get() & 0xff) + 4);
        String topic = readShortString(in);
        String tag = readShortString(in);
        List<String> keys = readKeys(in);
        return new RecordHeader(new MessageId(buf.getLong(pos + ID_HI_OFFSET), buf.getLong(pos + ID_LO_OFFSET)),
                topic, buf.getInt(pos + QUEUE_ID_OFFSET), buf.getLong(pos + QUEUE_OFFSET_OFFSET),
                buf.getLong(pos + COMMIT_LOG_OFFSET_OFFSET), buf.getInt(pos + TOTAL_SIZE_OFFSET),
                buf.getLong(pos + STORE_TIMESTAMP_OFFSET), tag.isEmpty() ? null : tag, keys);
    }

    static int crc(ByteBuffer buf, int from, int length) {
        CRC32C crc = new CRC32C();
        crc.update(buf.duplicate().limit(from + length).position(from));
        return (int) crc.getValue();
    }

    private static boolean allZero(ByteBuffer buf, int pos, int length) {
        for (int i = 0; i < length; i++) {
            if (buf.get(pos + i) != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetSocketAddress readHost(ByteBuffer in) {
        int length = in.get() & 0xff;
        if (length != 4 && length != 16) {
            throw new MalformedMessageException("born host address length " + length + " is neither 4 nor 16");
        }
        byte[] address = new byte[length];
        in.get(address);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), in.getInt());
        } catch (UnknownHostException e) {
            throw new MalformedMessageException("born host address of " + length + " bytes", e);
        }
    }

    private static List<String> readKeys(ByteBuffer in) {
        int count = in.get() & 0xff;
        if (count == 0) {
            return List.of();
        }
        List<String> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(readShortString(in));
        }
        return keys;
    }

    private static void putShortString(ByteBuffer out, String s) {
        byte[] b = utf8(s);
        out.putShort((short) b.length).put(b);
    }

    private static String readShortString(ByteBuffer in) {
        int length = in.getShort() & 0xffff;
        if (length > in.remaining()) {
            throw new MalformedMessageException("string of " + length + " bytes but only " + in.remaining() + " remain");
        }
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
