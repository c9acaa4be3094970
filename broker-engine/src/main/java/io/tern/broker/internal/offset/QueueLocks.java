package io.tern.broker.internal.offset;

import io.netty.channel.Channel;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which orderly consumer holds each (group, topic, queue): at most one client of a group processes a queue at a time.
 * A lock is granted when the queue is free, its lock has expired, or the asking client holds it already (which renews it).
 * It ends when its holder unlocks it, when its expiry passes without renewal, or at once when the connection it was
 * taken on closes (a killed consumer's queues move on as soon as the kernel closes its socket, not 60 s later).
 *
 * <p>Why 60 s: clients renew every 20 s and stop processing a queue 30 s after their last successful lock, so a
 * client that cannot reach the broker stops 30 s before the broker would give its queues to another (RocketMQ's numbers).
 * Expiry is lazy: a lock past its deadline is simply free to the next asker.
 *
 * <p>Thread rules: any thread. One monitor guards the table; it is held only for map operations, never for I/O.
 */
public final class QueueLocks {
    /** Broker-side lock lifetime without renewal. */
    public static final long DEFAULT_EXPIRY_MILLIS = 60_000;

    private record Key(String group, String topic, int queueId) {
    }

    private record Holder(String clientId, Channel channel, long expiresAt) {
    }

    private final InstantSource clock;
    private final long expiryMillis;
    private final Map<Key, Holder> locks = new HashMap<>();

    public QueueLocks(InstantSource clock, long expiryMillis) {
        if (expiryMillis < 1) {
            throw new IllegalArgumentException("queue lock expiry " + expiryMillis + " ms must be positive");
        }
        this.clock = clock;
        this.expiryMillis = expiryMillis;
    }

    /** Locks or renews what it can of {@code queueIds} for {@code clientId}; returns the ids it holds now, in request order. */
    public synchronized List<Integer> lock(String group, String topic, String clientId, List<Integer> queueIds, Channel channel) {
        long now = clock.millis();
        List<Integer> held = new ArrayList<>(queueIds.size());
        for (int id : queueIds) {
            Key k = new Key(group, topic, id);
            Holder h = locks.get(k);
            if (h == null || h.expiresAt() <= now || h.clientId().equals(clientId)) {
                locks.put(k, new Holder(clientId, channel, now + expiryMillis));
                held.add(id);
            }
        }
        return held;
    }

    /** Releases those of {@code queueIds} that {@code clientId} holds; others' locks are untouched. */
    public synchronized void unlock(String group, String topic, String clientId, List<Integer> queueIds) {
        for (int id : queueIds) {
            locks.computeIfPresent(new Key(group, topic, id), (k, h) -> h.clientId().equals(clientId) ? null : h);
        }
    }

    /** Releases every lock taken through {@code channel}. */
    public synchronized void connectionClosed(Channel channel) {
        locks.values().removeIf(h -> h.channel() == channel);
    }

    /** The client holding the queue now, or null if it is free (or its lock expired). */
    public synchronized String holder(String group, String topic, int queueId) {
        Holder h = locks.get(new Key(group, topic, queueId));
        return h == null || h.expiresAt() <= clock.millis() ? null : h.clientId();
    }
}
