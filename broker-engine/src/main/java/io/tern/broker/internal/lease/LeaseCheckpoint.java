package io.tern.broker.internal.lease;

import io.tern.protocol.FrameCodecException;
import io.tern.protocol.Headers;
import io.tern.store.StoreException;
import io.tern.store.internal.AtomicFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The lease checkpoint file, {@code <dataDir>/lease/checkpoint}: every cursor's durable state at one moment.
 * <pre>
 *   | magic (int "TLC2") | journalSeq (long: first journal file to replay) | cursorCount (int) | cursorCount x cursor |
 *   | ephemeralCount (int) | ephemeralCount x (group (string) | topic (string)) | crc32c (int: of everything before it) |
 *   cursor: | group (string) | topic (string) | queueId (int) | watermark (long) |
 *           | ackedCount (int) | ackedCount x offset (long) | countCount (int) | countCount x (offset (long) | deliveries (int)) |
 * </pre>
 * Written to {@code checkpoint.tmp}, forced, renamed over the old one, and the directory forced: a crash leaves
 * the old checkpoint or the new one, never a torn one. A checkpoint that fails its CRC is an error naming the file
 * (not silently dropped: that would redeliver every acked message).
 *
 * Ephemeral groups (OPEN_GROUP with ephemeral, docs/lifecycle.md) are listed so that a restart after a crash deletes
 * them. A "TLC1" checkpoint (written before ephemeral groups existed) has no such list and is still read.
 *
 * <p>Thread rules: stateless; called by the journal agent and at recovery.
 */
final class LeaseCheckpoint {
    static final int MAGIC_V1 = 0x544C4331; // "TLC1": no ephemeral groups
    static final int MAGIC = 0x544C4332; // "TLC2"
    static final String NAME = "checkpoint";

    record Contents(long journalSeq, Map<LeaseTable.Key, LeaseCursor.Snapshot> cursors, Set<LeaseTable.GroupKey> ephemeral) {
    }

    private LeaseCheckpoint() {
    }

    static void write(Path dir, long journalSeq, Map<LeaseTable.Key, LeaseCursor.Snapshot> cursors) throws IOException {
        write(dir, journalSeq, cursors, Set.of());
    }

    static void write(Path dir, long journalSeq, Map<LeaseTable.Key, LeaseCursor.Snapshot> cursors, Set<LeaseTable.GroupKey> ephemeral)
            throws IOException {
        Headers.Writer w = Headers.writer().i32(MAGIC).i64(journalSeq).i32(cursors.size());
        cursors.forEach((k, s) -> {
            w.str(k.group()).str(k.topic()).i32(k.queueId()).i64(s.watermark()).i32(s.acked().length);
            for (long o : s.acked()) {
                w.i64(o);
            }
            w.i32(s.deliveries().size());
            s.deliveries().forEach((o, d) -> w.i64(o).i32(d));
        });
        w.i32(ephemeral.size());
        ephemeral.forEach(g -> w.str(g.group()).str(g.topic()));
        byte[] body = w.toBytes();
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer out = ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).flip();
        AtomicFile.replace(dir.resolve(NAME), out);
    }

    /** The checkpoint, or an empty one (replay every journal file) if there is none. */
    static Contents read(Path dir) throws IOException {
        Path file = dir.resolve(NAME);
        if (!Files.exists(file)) {
            return new Contents(0, new HashMap<>(), new HashSet<>());
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length < 20) {
            throw new StoreException("lease checkpoint " + file + " is " + all.length + " bytes, shorter than any checkpoint");
        }
        CRC32C crc = new CRC32C();
        crc.update(all, 0, all.length - 4);
        int stored = ByteBuffer.wrap(all, all.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            throw new StoreException("lease checkpoint " + file + " fails its CRC (computed " + Integer.toHexString((int) crc.getValue())
                    + ", stored " + Integer.toHexString(stored) + "); restore it or delete it to redeliver everything not acked");
        }
        try {
            return parse(Headers.reader(java.util.Arrays.copyOf(all, all.length - 4)));
        } catch (FrameCodecException e) {
            throw new StoreException("lease checkpoint " + file + " does not parse: " + e.getMessage());
        }
    }

    private static Contents parse(Headers.Reader r) {
        int magic = r.i32();
        if (magic != MAGIC && magic != MAGIC_V1) {
            throw new FrameCodecException("magic is " + Integer.toHexString(magic) + ", not " + Integer.toHexString(MAGIC));
        }
        long seq = r.i64();
        int n = r.i32();
        Map<LeaseTable.Key, LeaseCursor.Snapshot> cursors = new HashMap<>();
        for (int i = 0; i < n; i++) {
            LeaseTable.Key key = new LeaseTable.Key(r.str(), r.str(), r.i32());
            long watermark = r.i64();
            long[] acked = new long[r.i32()];
            for (int j = 0; j < acked.length; j++) {
                acked[j] = r.i64();
            }
            int counts = r.i32();
            Map<Long, Integer> deliveries = new HashMap<>();
            for (int j = 0; j < counts; j++) {
                deliveries.put(r.i64(), r.i32());
            }
            cursors.put(key, new LeaseCursor.Snapshot(watermark, acked, deliveries));
        }
        Set<LeaseTable.GroupKey> ephemeral = new HashSet<>();
        int groups = magic == MAGIC_V1 ? 0 : r.i32();
        for (int i = 0; i < groups; i++) {
            ephemeral.add(new LeaseTable.GroupKey(r.str(), r.str()));
        }
        r.end();
        return new Contents(seq, cursors, ephemeral);
    }
}
