package io.tern.bench;

import io.tern.message.MessageId;
import io.tern.store.MessageRecord;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.SplittableRandom;

/**
 * Makes the benchmarks' messages: a 1 KiB body of random bytes (so that nothing below the store could compress it),
 * a tag, no keys and no properties, i.e. a commit-log record of about 1,120 bytes. Every message gets a new id, as a
 * producer's would. One instance per thread: the id generator's counter is an atomic, shared it would be contended.
 */
final class BenchMessages {
    static final String TOPIC = "bench";
    static final int BODY_SIZE = 1024;
    private static final String TAG = "TagA";
    private static final InetSocketAddress BORN_HOST = new InetSocketAddress(InetAddress.getLoopbackAddress(), 10911);

    private final MessageId.Generator ids = new MessageId.Generator();
    private final byte[] body;

    BenchMessages(long seed) {
        body = new byte[BODY_SIZE];
        new SplittableRandom(seed).nextBytes(body);
    }

    /** A new message for {@code queueId}. The body array is shared; the store never writes into it. */
    MessageRecord next(int queueId) {
        long now = System.currentTimeMillis();
        return new MessageRecord(ids.next(now), TOPIC, queueId, now, BORN_HOST, 0, null, null, TAG, body);
    }
}
