package io.tern.store.internal;

import io.tern.store.StoreException;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The store's checkpoint: how far everything is known to be consistent and on disk.
 *
 * <pre>
 *   +-------+---------+-------+-------------+------------+------------------------------------------------+--------+
 *   | magic | version | clean | logEnd (8)  | queueCount | queueCount x (topicLen (2) | topic | queueId (4) | crc32c |
 *   | (4)   | (4)     | (1)   |             | (4)        |               | nextOffset (8))                 | (4)    |
 *   +-------+---------+-------+-------------+------------+------------------------------------------------+--------+
 * </pre>
 *
 * Meaning: the commit log is valid and forced up to {@code logEnd}; every consume queue and index entry for the
 * records before it is forced too; {@code nextOffset} is each queue's length at {@code logEnd}. {@code clean}
 * is 1 only when written by an orderly close: then {@code logEnd} is the log's end and recovery scans nothing.
 * Written to a temporary file, forced, and renamed over the old one, so a crash leaves the old or the new one whole;
 * the CRC catches anything else.
 */
public record Checkpoint(boolean clean, long logEnd, Map<QueueKey, Long> queues) {
    private static final int MAGIC = 0x54524E43; // "TRNC"
    private static final int VERSION = 1;

    /** Reads the checkpoint; null if there is none or it does not verify (recovery then trusts nothing). */
    public static Checkpoint read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (bytes.length < 4) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != b.getInt(bytes.length - 4)) {
            return null;
        }
        try {
            if (b.getInt() != MAGIC || b.getInt() != VERSION) {
                return null;
            }
            boolean clean = b.get() == 1;
            long logEnd = b.getLong();
            int count = b.getInt();
            Map<QueueKey, Long> queues = new HashMap<>();
            for (int i = 0; i < count; i++) {
                byte[] topic = new byte[b.getShort() & 0xffff];
                b.get(topic);
                queues.put(new QueueKey(new String(topic, StandardCharsets.UTF_8), b.getInt()), b.getLong());
            }
            return new Checkpoint(clean, logEnd, queues);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return null;
        }
    }

    public void write(Path file) {
        try {
            AtomicFile.replace(file, encode());
        } catch (IOException e) {
            throw new StoreException("cannot write checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    byte[] encode() {
        int size = 4 + 4 + 1 + 8 + 4 + 4;
        for (QueueKey k : queues.keySet()) {
            size += 2 + k.topic().getBytes(StandardCharsets.UTF_8).length + 4 + 8;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(MAGIC).putInt(VERSION).put((byte) (clean ? 1 : 0)).putLong(logEnd).putInt(queues.size());
        queues.forEach((k, next) -> {
            byte[] topic = k.topic().getBytes(StandardCharsets.UTF_8);
            b.putShort((short) topic.length).put(topic).putInt(k.queueId()).putLong(next);
        });
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, size - 4);
        b.putInt((int) crc.getValue());
        return b.array();
    }
}
