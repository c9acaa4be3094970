package io.tern.broker.internal.delay;

import io.tern.message.Properties;
import io.tern.message.SystemProperties;
import io.tern.store.MessageRecord;
import io.tern.store.MessageStore;
import io.tern.store.StoredMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps expired messages from consumers: pulls and receives ask {@link #expired} of every message before handing it
 * out, at delivery time, by the broker clock. An expired message is skipped (in lease mode: acked for the whole
 * group, unlike a message one receiver's filter does not take, which stays for the others). The first time the broker meets an expired message it counts it and, with
 * an expiry topic configured, appends it there (same id; {@code __TERN_EXPIRES_AT} removed so it does not expire
 * again, {@code __TERN_EXPIRED_FROM} naming its topic).
 *
 * <p>"First time" is remembered per commit-log offset for the last {@value #REMEMBERED} expired messages and not across
 * restarts: a message met by several groups far apart in time, or again after a restart, may be counted and routed
 * again. The expiry topic is at-least-once.
 *
 * <p>Thread rules: any thread (handler threads); the remembered set is guarded by its own monitor.
 */
public final class ExpiryGate {
    static final int REMEMBERED = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryGate.class);

    private final MessageStore store;
    private final InstantSource clock;
    private final String expiryTopic;
    private final AtomicLong expired = new AtomicLong();
    private final Map<Long, Boolean> seen = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @param expiryTopic where to route expired messages, or null to only count them */
    public ExpiryGate(MessageStore store, InstantSource clock, String expiryTopic) {
        this.store = store;
        this.clock = clock;
        this.expiryTopic = expiryTopic;
    }

    /** True if this message must not be delivered because its expiry time has passed. */
    public boolean expired(StoredMessage s) {
        Object at = s.message().properties().get(SystemProperties.EXPIRES_AT);
        if (!(at instanceof Long expiresAt) || clock.millis() < expiresAt) {
            return false;
        }
        boolean first;
        synchronized (seen) {
            first = seen.put(s.commitLogOffset(), Boolean.TRUE) == null;
        }
        if (first) {
            expired.incrementAndGet();
            route(s.message());
        }
        return true;
    }

    /** Expired messages met since the broker started (each counted once, see the class comment). */
    public long expiredCount() {
        return expired.get();
    }

    private void route(MessageRecord m) {
        if (expiryTopic == null || expiryTopic.equals(m.topic())) {
            return;
        }
        Properties p = Properties.builder().putAll(m.properties()).remove(SystemProperties.EXPIRES_AT)
                .put(SystemProperties.EXPIRED_FROM, m.topic()).build();
        store.append(new MessageRecord(m.id(), expiryTopic, 0, m.bornTimestamp(), m.bornHost(), m.flags(), p, m.keys(), m.tag(), m.body()))
                .thenAccept(r -> {
                    if (!r.isOk()) {
                        LOG.warn("routing expired message {} to {} failed: {} {}", m.id(), expiryTopic, r.status(), r.error());
                    }
                });
    }
}
