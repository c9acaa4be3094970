package io.tern.broker.internal.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The envelope of every journal record (lease acks, transactions):
 * <pre>
 *   | payloadLength (int) | crc32c of payload (int) | payload |
 * </pre>
 * A frame that is cut short, has a length outside its record type's bounds, or fails its CRC is the journal's end:
 * a torn write from a crash, never an error. Stateless.
 */
public final class JournalFrame {
    public static final int PREFIX = 8;

    private JournalFrame() {
    }

    public static byte[] wrap(byte[] payload) {
        return ByteBuffer.allocate(PREFIX + payload.length).putInt(payload.length).putInt(crc(payload)).put(payload).array();
    }

    /**
     * The payload of the frame at {@code in}'s position, or null if there is no whole valid frame there. The position
     * does not move: the caller advances by {@code PREFIX + payload.length} once the payload decodes.
     */
    public static byte[] payloadAt(ByteBuffer in, int minLength, int maxLength) {
        int start = in.position();
        if (in.remaining() < PREFIX) {
            return null;
        }
        int length = in.getInt(start);
        if (length < minLength || length > maxLength || length > in.remaining() - PREFIX) {
            return null;
        }
        byte[] payload = new byte[length];
        in.get(start + PREFIX, payload);
        return crc(payload) == in.getInt(start + 4) ? payload : null;
    }

    private static int crc(byte[] payload) {
        CRC32C c = new CRC32C();
        c.update(payload);
        return (int) c.getValue();
    }
}
