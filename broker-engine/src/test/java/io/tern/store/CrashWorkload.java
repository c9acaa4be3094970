package io.tern.store;

import io.tern.message.MessageId;
import io.tern.message.Properties;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * What {@link CrashAppender} appends and {@link CommitLogCrashIT} expects back: the settings both processes open the
 * store with, and every message as a pure function of its sequence number, so that the test can regenerate the exact
 * bytes of anything the child wrote, acknowledged or not. The sequence number is the message id's low half.
 *
 * <p>Sizes: 64 KiB segments and records of up to 16 KiB, so a segment holds from 4 to a few hundred records. 95% of
 * bodies are 0 to 511 bytes and 5% are 4 to 15 KiB: the mean record is about 800 bytes, so a run of 1,000 appends
 * fills about 12 segments, and the large ones often do not fit a segment's tail and force an end marker.
 */
final class CrashWorkload {
    static final int SEGMENT_SIZE = 64 << 10;
    static final int MAX_MESSAGE_SIZE = 16 << 10;
    /** 15,100 body bytes plus at most ~200 header, topic, key and property bytes stay under MAX_MESSAGE_SIZE. */
    static final int MAX_BODY = 4096 + 11_000;
    static final List<String> TOPICS = List.of("crash-a", "crash-b", "crash-c");
    static final int QUEUES_PER_TOPIC = 4;
    /**
     * Each child run appends from its own block of sequence numbers (run r from r x SEQ_BLOCK), so a message that
     * survived a kill unacknowledged can never share its id with a later one. A run acknowledges at most a few
     * thousand appends before it is killed; the child stops by itself if it ever reaches the end of its block.
     */
    static final long SEQ_BLOCK = 1_000_000;

    private static final long BORN_EPOCH = 1_700_000_000_000L;
    private static final byte[] LOOPBACK = {127, 0, 0, 1};

    private CrashWorkload() {
    }

    /**
     * The store settings of both processes. Consume-queue files of 1,024 entries (20 KiB) and index files of 16,384
     * entries (about 270 KiB) roll over during the test too, and keep each child from zero-filling the default 6 MB
     * queue files and 68 MB index file at startup. A child appends for only 50 to 300 ms before it is killed, so
     * checkpoints every 10 ms: most kills then find one written mid-run, and recovery cuts queues and index back to it.
     */
    static StoreConfig config(Path dir) {
        return StoreConfig.builder(dir)
                .segmentSize(SEGMENT_SIZE)
                .maxMessageSize(MAX_MESSAGE_SIZE)
                .flushMode(FlushMode.SYNC)
                .checkpointInterval(Duration.ofMillis(10))
                .consumeQueueFileEntries(1024)
                .indexSlots(4096)
                .indexEntries(16_384)
                .build();
    }

    /** The message with sequence number {@code seq}; the same every time it is asked for. */
    static MessageRecord message(long seq) {
        SplittableRandom r = new SplittableRandom(seq);
        String topic = TOPICS.get(r.nextInt(TOPICS.size()));
        int queueId = r.nextInt(QUEUES_PER_TOPIC);
        byte[] body = body(r, r.nextInt(100) < 5 ? 4096 + r.nextInt(MAX_BODY - 4096) : r.nextInt(512));
        List<String> keys = new ArrayList<>(List.of("k" + seq));
        if (seq % 3 == 0) {
            keys.add("shared-" + seq % 7);
        }
        Properties properties = Properties.builder()
                .put("seq", seq)
                .put("bodyLength", body.length)
                .put("name", "message-" + seq)
                .build();
        String tag = seq % 5 == 0 ? null : "tag" + seq % 4;
        return new MessageRecord(idOf(seq), topic, queueId, BORN_EPOCH + seq, bornHost(seq), (int) (seq & 0xff),
                properties, keys, tag, body);
    }

    static MessageId idOf(long seq) {
        return new MessageId((BORN_EPOCH + seq) << 16 | 0xC0DE, seq);
    }

    static long seqOf(MessageRecord m) {
        return m.id().lo();
    }

    private static byte[] body(SplittableRandom r, int length) {
        byte[] body = new byte[length];
        for (int i = 0; i < length; i += 8) {
            long v = r.nextLong();
            for (int j = 0; j < 8 && i + j < length; j++) {
                body[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return body;
    }

    private static InetSocketAddress bornHost(long seq) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(LOOPBACK), 1024 + (int) (seq % 50_000));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }

    /** Every field in which {@code actual} differs from {@code expected}, described with both values; empty if none. */
    static List<String> differences(MessageRecord expected, MessageRecord actual) {
        List<String> out = new ArrayList<>();
        field(out, "id", expected.id(), actual.id());
        field(out, "topic", expected.topic(), actual.topic());
        field(out, "queueId", expected.queueId(), actual.queueId());
        field(out, "bornTimestamp", expected.bornTimestamp(), actual.bornTimestamp());
        field(out, "bornHost", expected.bornHost(), actual.bornHost());
        field(out, "flags", expected.flags(), actual.flags());
        field(out, "properties", expected.properties(), actual.properties());
        field(out, "keys", expected.keys(), actual.keys());
        field(out, "tag", expected.tag(), actual.tag());
        int at = Arrays.mismatch(expected.body(), actual.body());
        if (at >= 0) {
            out.add("body: expected " + expected.body().length + " bytes, got " + actual.body().length
                    + ", first difference at byte " + at + " (expected " + byteAt(expected.body(), at)
                    + ", got " + byteAt(actual.body(), at) + ")");
        }
        return out;
    }

    private static void field(List<String> out, String name, Object expected, Object actual) {
        if (!Objects.equals(expected, actual)) {
            out.add(name + ": expected " + expected + ", got " + actual);
        }
    }

    private static String byteAt(byte[] b, int i) {
        return i < b.length ? String.format("0x%02x", b[i]) : "end of body";
    }
}
