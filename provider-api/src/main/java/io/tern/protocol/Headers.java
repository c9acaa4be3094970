package io.tern.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The field encodings every command header is built from. All big-endian:
 * <pre>
 *   bool    1 byte, 0 or 1              int     4 bytes           long   8 bytes
 *   string  unsigned short length | UTF-8 bytes (length 0xFFFF = null)
 *   bytes   int length | bytes
 * </pre>
 * Each command's descriptor class writes its fields in a fixed order with a {@link Writer} and reads them back
 * with a {@link Reader}; a reader that runs short or finds a bad value throws {@link FrameCodecException}.
 */
public final class Headers {
    private static final int NULL_STRING = 0xFFFF;

    /** The UTF-8 length of {@code s} without encoding it (as {@link Writer#str} would write it; a lone surrogate is one byte). */
    public static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += Character.isSurrogate(c) ? 1 : 3;
            }
        }
        return n;
    }

    private Headers() {
    }

    public static Writer writer() {
        return new Writer();
    }

    public static Reader reader(byte[] header) {
        return new Reader(header);
    }

    /** Appends fields to a growing buffer. Not thread-safe. */
    public static final class Writer {
        private byte[] buf = new byte[64];
        private int pos;

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        public Writer bool(boolean v) {
            ensure(1);
            buf[pos++] = (byte) (v ? 1 : 0);
            return this;
        }

        public Writer i8(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
            return this;
        }

        public Writer i16(int v) {
            ensure(2);
            ByteBuffer.wrap(buf, pos, 2).putShort((short) v);
            pos += 2;
            return this;
        }

        public Writer i32(int v) {
            ensure(4);
            ByteBuffer.wrap(buf, pos, 4).putInt(v);
            pos += 4;
            return this;
        }

        public Writer i64(long v) {
            ensure(8);
            ByteBuffer.wrap(buf, pos, 8).putLong(v);
            pos += 8;
            return this;
        }

        public Writer str(String s) {
            if (s == null) {
                return i16(NULL_STRING);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length >= NULL_STRING) {
                throw new IllegalArgumentException("header string of " + b.length + " bytes exceeds " + (NULL_STRING - 1));
            }
            i16(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
            return this;
        }

        /** A byte array: | length (int) | bytes |. */
        public Writer bytes(byte[] b) {
            i32(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
            return this;
        }

        public byte[] toBytes() {
            return Arrays.copyOf(buf, pos);
        }
    }

    /** Reads fields in order; any shortfall or bad value is a {@link FrameCodecException}. Not thread-safe. */
    public static final class Reader {
        private final ByteBuffer in;

        private Reader(byte[] header) {
            this.in = ByteBuffer.wrap(header);
        }

        public boolean bool() {
            byte b = get(1).get();
            if (b != 0 && b != 1) {
                throw new FrameCodecException("boolean header field at " + (in.position() - 1) + " is " + b + ", not 0 or 1");
            }
            return b == 1;
        }

        public int i8() {
            return get(1).get();
        }

        public int i16() {
            return get(2).getShort();
        }

        public int i32() {
            return get(4).getInt();
        }

        public long i64() {
            return get(8).getLong();
        }

        public String str() {
            int length = get(2).getShort() & 0xFFFF;
            if (length == NULL_STRING) {
                return null;
            }
            byte[] b = new byte[length];
            get(length).get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        public byte[] bytes() {
            int length = get(4).getInt();
            if (length < 0 || length > in.remaining()) {
                throw new FrameCodecException("byte field claims " + length + " bytes, " + in.remaining() + " remain");
            }
            byte[] b = new byte[length];
            in.get(b);
            return b;
        }

        /** Throws unless every byte was read: a header longer than its command's fields is malformed too. */
        public void end() {
            if (in.hasRemaining()) {
                throw new FrameCodecException("header has " + in.remaining() + " bytes after its last field");
            }
        }

        private ByteBuffer get(int n) {
            if (in.remaining() < n) {
                throw new FrameCodecException("header ends at byte " + in.position() + " but the field needs " + n + " more");
            }
            return in;
        }
    }

    /** Guards a decode that may underflow in ways the reader does not see (e.g. a body parsed by a nested codec). */
    public static <T> T decoding(String what, java.util.function.Supplier<T> decode) {
        try {
            return decode.get();
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new FrameCodecException(what + " is truncated");
        }
    }
}
