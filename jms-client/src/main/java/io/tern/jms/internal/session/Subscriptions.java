package io.tern.jms.internal.session;

import io.tern.jms.internal.connection.TernConnection;
import io.tern.jms.internal.consumer.Subscription;
import io.tern.jms.internal.consumer.TernMessageConsumer;
import io.tern.jms.internal.provider.SubscriptionRecord;
import io.tern.jms.internal.util.JmsErrors;
import jakarta.jms.IllegalStateException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A connection's subscriptions: how many of its consumers are active on each lease group, the durable subscription
 * rules (one active consumer on an unshared one; a new topic, selector or noLocal replaces it; no unsubscribe while it
 * is in use) and the deletion of a non-durable subscription with its consumer.
 * Thread rules: any thread; each method is one step, the counts are concurrent.
 */
public final class Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);

    private final TernConnection connection;
    private final Map<String, Integer> active = new ConcurrentHashMap<>();

    public Subscriptions(TernConnection connection) {
        this.connection = connection;
    }

    private long timeout() {
        return connection.settings().sendTimeoutMillis();
    }

    /**
     * A durable subscription about to get a consumer: refused if unshared and already consumed here; replaced
     * (deleted, then recreated at the topic's end) if it exists with another topic, selector or noLocal.
     */
    Subscription durable(Subscription wanted, String selector, boolean noLocal) throws JMSException {
        String sel = selector == null || selector.isBlank() ? null : selector;
        if (!wanted.shared() && active.getOrDefault(wanted.group(), 0) > 0) {
            throw new IllegalStateException("durable subscription " + wanted.group() + " already has an active consumer; an unshared "
                    + "durable subscription takes one at a time (use createSharedDurableConsumer to share it)");
        }
        SubscriptionRecord old = JmsErrors.await(connection.provider().findSubscription(wanted.group()), timeout(),
                "looking up durable subscription " + wanted.group());
        if (old != null && old.sameAs(wanted.topic(), sel, noLocal)) {
            return wanted;
        }
        if (old != null) {
            if (active.getOrDefault(wanted.group(), 0) > 0) {
                throw new JMSException("shared durable subscription " + wanted.group() + " is in use with topic " + old.topic() + " and selector "
                        + old.selector() + "; close its consumers before changing it to topic " + wanted.topic() + " and selector " + sel);
            }
            JmsErrors.await(connection.provider().deleteGroup(old.group(), old.topic()), timeout(), "replacing durable subscription " + old.group());
        }
        JmsErrors.await(connection.provider().recordSubscription(new SubscriptionRecord(wanted.group(), wanted.topic(), sel, noLocal, false)),
                timeout(), "recording durable subscription " + wanted.group());
        return wanted;
    }

    /** A shared non-durable subscription: one group per (client ID, name), shared by every consumer of it. */
    Subscription shared(Subscription wanted, String selector) {
        return wanted;
    }

    void consumerOpened(TernMessageConsumer c) {
        active.merge(c.subscription().group(), 1, Integer::sum);
    }

    /** The consumer closed: a non-durable, unshared subscription goes with it. */
    void consumerClosed(TernMessageConsumer c) {
        Subscription s = c.subscription();
        Integer left = active.computeIfPresent(s.group(), (g, n) -> n > 1 ? n - 1 : null);
        if (left == null && s.deleteOnClose() && !s.shared()) {
            // a shared non-durable group is left to the broker: opened ephemeral, it goes with the last connection using it
            connection.provider().deleteGroup(s.group(), s.topic()).exceptionally(e -> {
                LOG.debug("deleting subscription {} on {} failed: {}", s.group(), s.topic(), e.getMessage());
                return null;
            });
        }
    }

    /** Deletes durable subscription {@code name} of this connection's client ID; refused while it has an active consumer here. */
    void unsubscribe(String name) throws JMSException {
        String clientId = connection.clientIdForUse();
        String unshared = clientId == null ? null : "D." + clientId + "." + name;
        String shared = "DS." + (clientId == null ? "" : clientId) + "." + name;
        for (String group : new String[]{unshared, shared}) {
            if (group != null && active.getOrDefault(group, 0) > 0) {
                throw new IllegalStateException("durable subscription " + name + " (" + group + ") has an active consumer; close it before unsubscribe");
            }
        }
        boolean found = false;
        for (String group : new String[]{unshared, shared}) {
            if (group == null) {
                continue;
            }
            SubscriptionRecord r = JmsErrors.await(connection.provider().findSubscription(group), timeout(), "looking up durable subscription " + group);
            if (r == null) {
                continue;
            }
            found = true;
            JmsErrors.await(connection.provider().deleteGroup(group, r.topic()), timeout(), "unsubscribe " + name);
            JmsErrors.await(connection.provider().recordSubscription(new SubscriptionRecord(group, r.topic(), r.selector(), r.noLocal(), true)),
                    timeout(), "unsubscribe " + name);
        }
        if (!found) {
            throw new InvalidDestinationException("no durable subscription named " + name + " exists for client ID "
                    + (clientId == null ? "(none)" : clientId));
        }
    }
}
