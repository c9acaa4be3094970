package io.tern.jms.internal.producer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The engine topics a broker has stored a send of this connection in, so that pipelined sends to them keep their order.
 *
 * <p>Why: sends of one session to one destination share a sharding key, so they reach one engine queue over one TCP
 * connection, and the broker appends them in arrival order on its event loop. The one exception is a topic the broker
 * does not know yet: it creates it off the event loop and appends that send later, so sends pipelined behind it
 * (CompletionListener, {@code nonPersistentAsync}) would be stored first. The first send to a topic not in this set
 * therefore waits for its answer even when the application does not (one round trip per topic and connection); once
 * a broker has answered, the topic exists and every later send goes straight on.
 *
 * <p>Bounded (least recently used out beyond {@link #MAX}): request/reply makes a temporary queue per request, and
 * forgetting a topic costs only that one round trip again.
 *
 * <p>Thread rules: any thread (synchronized; each call is a map lookup).
 */
public final class StoredTopics {
    /** 4,096 names of up to 255 bytes: at most about 1 MiB per connection, and more destinations than sessions use. */
    static final int MAX = 4096;

    private final Set<String> topics = Collections.newSetFromMap(new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX;
        }
    });

    /** True if a broker has answered a send to {@code topic} of this connection (and it was not forgotten since). */
    public synchronized boolean stored(String topic) {
        return topics.contains(topic);
    }

    /** Called when a broker answered a send to {@code topic} OK. */
    public synchronized void learned(String topic) {
        topics.add(topic);
    }

    synchronized int size() {
        return topics.size();
    }
}
