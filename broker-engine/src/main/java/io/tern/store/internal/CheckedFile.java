package io.tern.store.internal;

import io.tern.protocol.Headers;
import io.tern.store.StoreException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A small binary file replaced whole and atomically, its content checked by a CRC:
 * <pre>
 *   | magic (int) | body (fields as {@link Headers} writes them) | crc32c (int: of magic and body) |
 * </pre>
 * Written to {@code <name>.tmp}, forced, renamed over the old file, and the directory forced: a crash leaves the old
 * content or the new, never a torn mix. A file that fails its CRC or magic is a {@link StoreException} naming it.
 * For the lifecycle's lists ({@link TopicTombstones}, the broker's owned topics); names are length-prefixed, so any
 * name round-trips. Thread rules: stateless; callers serialize writes of one file.
 */
public final class CheckedFile {
    private CheckedFile() {
    }

    public static void write(Path file, int magic, Headers.Writer body) throws IOException {
        byte[] content = Headers.writer().i32(magic).bytes(body.toBytes()).toBytes();
        CRC32C crc = new CRC32C();
        crc.update(content);
        ByteBuffer out = ByteBuffer.allocate(content.length + 4).put(content).putInt((int) crc.getValue()).flip();
        AtomicFile.replace(file, out);
    }

    /** The body's reader, or null if there is no file. */
    public static Headers.Reader read(Path file, int magic) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length < 8) {
            throw new StoreException(file + " is " + all.length + " bytes, shorter than any; restore it or delete it");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        int stored = ByteBuffer.wrap(all, all.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            throw new StoreException(file + " fails its CRC (computed " + Integer.toHexString((int) crc.getValue()) + ", stored "
                    + Integer.toHexString(stored) + "); restore it or delete it");
        }
        try {
            Headers.Reader r = Headers.reader(Arrays.copyOf(all, all.length - 4));
            int m = r.i32();
            if (m != magic) {
                throw new StoreException(file + " starts with magic " + Integer.toHexString(m) + ", not " + Integer.toHexString(magic));
            }
            Headers.Reader body = Headers.reader(r.bytes());
            r.end();
            return body;
        } catch (io.tern.protocol.FrameCodecException e) {
            throw new StoreException(file + " does not parse: " + e.getMessage());
        }
    }
}
