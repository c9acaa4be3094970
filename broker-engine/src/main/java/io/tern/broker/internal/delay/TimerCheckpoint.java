package io.tern.broker.internal.delay;

import io.tern.store.StoreException;
import io.tern.store.internal.AtomicFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.zip.CRC32C;

/**
 * Which offsets of the schedule queue are done (delivered to their real queue, rolled forward, or lost to retention):
 * every offset below the {@code watermark}, and those above it whose bit is set. Delivery runs in due-time order, not
 * offset order, so a 30-day message at a low offset holds the watermark back while later ones are delivered: the bit
 * set costs 1 bit per scheduled message above the watermark (10 million: 1.25 MB).
 *
 * <pre>
 *   timer/checkpoint, replaced atomically (tmp, fsync, rename, fsync dir):
 *    0 magic "TTC1" (int)   4 watermark (long)   12 n (int)   16 n x long: bit i = offset watermark+i done
 *   16+8n crc32c (int) of bytes 0 .. 16+8n
 * </pre>
 * A missing file is an empty checkpoint (nothing done yet); a damaged one fails the start, naming the file.
 * Thread rules: owned by the {@link DelayTimer} agent.
 */
final class TimerCheckpoint {
    static final int MAGIC = 0x54544331; // "TTC1"
    private static final int HEADER = 16;

    private final Path file;
    private long watermark;
    private BitSet done;

    private TimerCheckpoint(Path file, long watermark, BitSet done) {
        this.file = file;
        this.watermark = watermark;
        this.done = done;
    }

    static TimerCheckpoint load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new TimerCheckpoint(file, 0, new BitSet());
        }
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < HEADER + 4 || b.getInt(0) != MAGIC) {
            throw new StoreException("timer checkpoint " + file + " is damaged: " + b.remaining() + " bytes, no TTC1 header");
        }
        int n = b.getInt(12);
        if (n < 0 || b.remaining() != HEADER + 8L * n + 4) {
            throw new StoreException("timer checkpoint " + file + " is damaged: " + n + " words in " + b.remaining() + " bytes");
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, HEADER + 8 * n);
        if ((int) crc.getValue() != b.getInt(HEADER + 8 * n)) {
            throw new StoreException("timer checkpoint " + file + " is damaged: CRC mismatch");
        }
        long[] words = new long[n];
        b.position(HEADER);
        b.asLongBuffer().get(words);
        return new TimerCheckpoint(file, b.getLong(4), BitSet.valueOf(words));
    }

    long watermark() {
        return watermark;
    }

    boolean isDone(long offset) {
        return offset < watermark || (offset - watermark < Integer.MAX_VALUE && done.get((int) (offset - watermark)));
    }

    void markDone(long offset) {
        if (offset >= watermark) {
            long i = offset - watermark;
            if (i >= Integer.MAX_VALUE) {
                throw new IllegalStateException("schedule offset " + offset + " is 2^31 past the timer watermark " + watermark);
            }
            done.set((int) i);
        }
    }

    /** Moves the watermark past the done offsets at its front; O(bits) so called once per checkpoint, not per message. */
    void compact() {
        int k = done.nextClearBit(0);
        if (k > 0) {
            done = done.get(k, Math.max(k, done.length()));
            watermark += k;
        }
    }

    void save() throws IOException {
        compact();
        long[] words = done.toLongArray();
        ByteBuffer b = ByteBuffer.allocate(HEADER + 8 * words.length + 4);
        b.putInt(MAGIC).putLong(watermark).putInt(words.length);
        b.asLongBuffer().put(words);
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, HEADER + 8 * words.length);
        b.putInt(HEADER + 8 * words.length, (int) crc.getValue());
        Files.createDirectories(file.getParent());
        AtomicFile.replace(file, b.rewind());
    }
}
