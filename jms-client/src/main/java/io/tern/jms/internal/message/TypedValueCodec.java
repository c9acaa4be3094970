package io.tern.jms.internal.message;

import jakarta.jms.MessageFormatException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire layout of MapMessage and StreamMessage bodies (big-endian, as {@link DataOutputStream} writes):
 * <pre>
 *  Map body:    +-----------+-------------------------------------------------------+
 *               | int count | count x ( int nameLen | name UTF-8 | value )           |
 *               +-----------+-------------------------------------------------------+
 *  Stream body: +-----------+-------------------------------------------------------+
 *               | int count | count x value                                         |
 *               +-----------+-------------------------------------------------------+
 *  value:       | byte type | payload                                               |
 *    type  0 NULL    (no payload)          6 LONG    8 bytes
 *          1 BOOLEAN 1 byte (0/1)          7 FLOAT   4 bytes (IEEE 754 bits)
 *          2 BYTE    1 byte                8 DOUBLE  8 bytes (IEEE 754 bits)
 *          3 SHORT   2 bytes               9 STRING  int len | UTF-8 bytes
 *          4 CHAR    2 bytes (UTF-16 unit) 10 BYTES  int len | bytes
 *          5 INT     4 bytes
 * </pre>
 * Counts and lengths are ints so a body is limited only by the message size. A string's lone surrogate encodes as
 * '?' (UTF-8 cannot carry it). The type codes are part of the wire form: never renumber. Decoding checks every
 * count and length against what remains and names the offending value in a {@link MessageFormatException}.
 * Stateless.
 */
final class TypedValueCodec {
    private static final byte NULL = 0, BOOLEAN = 1, BYTE = 2, SHORT = 3, CHAR = 4, INT = 5, LONG = 6, FLOAT = 7,
            DOUBLE = 8, STRING = 9, BYTES = 10;

    private TypedValueCodec() {
    }

    static byte[] encodeMap(Map<String, Object> map) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(map.size());
            for (Map.Entry<String, Object> e : map.entrySet()) {
                writeString(out, e.getKey());
                writeValue(out, e.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to a byte array cannot fail: " + e, e);
        }
        return bytes.toByteArray();
    }

    static byte[] encodeList(List<Object> values) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(values.size());
            for (Object v : values) {
                writeValue(out, v);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to a byte array cannot fail: " + e, e);
        }
        return bytes.toByteArray();
    }

    static Map<String, Object> decodeMap(byte[] body) throws MessageFormatException {
        if (body.length == 0) {
            return new LinkedHashMap<>();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        try {
            int count = readCount(in, body.length, "map entry count");
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = readString(in, "name of map entry " + i);
                map.put(name, readValue(in, "map entry '" + name + "'"));
            }
            checkConsumed(in, "MapMessage");
            return map;
        } catch (IOException e) {
            throw malformed("MapMessage body (" + body.length + " bytes) is truncated", e);
        }
    }

    static List<Object> decodeList(byte[] body) throws MessageFormatException {
        if (body.length == 0) {
            return new ArrayList<>();
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(body));
        try {
            int count = readCount(in, body.length, "stream value count");
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(readValue(in, "stream value " + i));
            }
            checkConsumed(in, "StreamMessage");
            return list;
        } catch (IOException e) {
            throw malformed("StreamMessage body (" + body.length + " bytes) is truncated", e);
        }
    }

    private static void writeValue(DataOutputStream out, Object v) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (v instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (v instanceof Character c) {
            out.writeByte(CHAR);
            out.writeChar(c);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(out, s);
        } else if (v instanceof byte[] b) {
            out.writeByte(BYTES);
            out.writeInt(b.length);
            out.write(b);
        } else {
            throw new IllegalArgumentException("not a MapMessage/StreamMessage value type: " + v.getClass().getName());
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static Object readValue(DataInputStream in, String what) throws IOException, MessageFormatException {
        byte type = in.readByte();
        return switch (type) {
            case NULL -> null;
            case BOOLEAN -> in.readBoolean();
            case BYTE -> in.readByte();
            case SHORT -> in.readShort();
            case CHAR -> in.readChar();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case FLOAT -> in.readFloat();
            case DOUBLE -> in.readDouble();
            case STRING -> readString(in, what);
            case BYTES -> in.readNBytes(readLength(in, what));
            default -> throw malformed(what + " has unknown type code " + type + " (known: 0-10)", null);
        };
    }

    private static String readString(DataInputStream in, String what) throws IOException, MessageFormatException {
        return new String(in.readNBytes(readLength(in, what)), StandardCharsets.UTF_8);
    }

    private static int readLength(DataInputStream in, String what) throws IOException, MessageFormatException {
        int len = in.readInt();
        if (len < 0 || len > in.available()) {
            throw malformed(what + " claims " + len + " bytes, " + in.available() + " remain", null);
        }
        return len;
    }

    private static int readCount(DataInputStream in, int bodyLength, String what) throws IOException, MessageFormatException {
        int count = in.readInt();
        if (count < 0 || count > bodyLength) { // every element takes at least one byte
            throw malformed(what + " " + count + " is impossible in a body of " + bodyLength + " bytes", null);
        }
        return count;
    }

    private static void checkConsumed(DataInputStream in, String what) throws IOException, MessageFormatException {
        if (in.available() > 0) {
            throw malformed(what + " body has " + in.available() + " bytes after its last value", null);
        }
    }

    private static MessageFormatException malformed(String text, Exception cause) {
        MessageFormatException e = new MessageFormatException(text);
        if (cause != null) {
            e.setLinkedException(cause);
            e.initCause(cause);
        }
        return e;
    }
}
