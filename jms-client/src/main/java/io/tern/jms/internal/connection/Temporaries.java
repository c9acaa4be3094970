package io.tern.jms.internal.connection;

import io.tern.jms.TernDestination;
import io.tern.jms.TernTemporaryQueue;
import io.tern.jms.TernTemporaryTopic;
import io.tern.jms.internal.message.TemporaryDestinationOwner;
import io.tern.jms.internal.util.JmsErrors;
import jakarta.jms.IllegalStateException;
import jakarta.jms.JMSException;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A connection's temporary queues and topics: engine topics {@code TMPQ.<uuid>} / {@code TMPT.<uuid>} created for
 * the connection, consumable only through it, deleted by {@code delete()} (refused while a consumer of this
 * connection is on it) or when the connection closes. Sends from this connection to one it deleted are refused here
 * ({@link #checkSendable}).
 * Thread rules: any thread.
 */
public final class Temporaries implements TemporaryDestinationOwner {
    private final TernConnection connection;
    private final Set<String> live = ConcurrentHashMap.newKeySet();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** True if a consumer of this connection is open on the destination. */
    private final Predicate<TernDestination> inUse;

    Temporaries(TernConnection connection, Predicate<TernDestination> inUse) {
        this.connection = connection;
        this.inUse = inUse;
    }

    public TernTemporaryQueue createQueue() throws JMSException {
        TernTemporaryQueue q = new TernTemporaryQueue(TernTemporaryQueue.NAME_PREFIX + UUID.randomUUID(), this);
        create(q);
        return q;
    }

    public TernTemporaryTopic createTopic() throws JMSException {
        TernTemporaryTopic t = new TernTemporaryTopic(TernTemporaryTopic.NAME_PREFIX + UUID.randomUUID(), this);
        create(t);
        return t;
    }

    private void create(TernDestination d) throws JMSException {
        JmsErrors.await(connection.provider().createTemporaryTopic(d.name()), connection.settings().sendTimeoutMillis(),
                "creating temporary destination " + d.toUri());
        live.add(d.name());
    }

    @Override
    public void deleteTemporary(TernDestination d) throws JMSException {
        if (connection.isClosed()) {
            throw new IllegalStateException("connection " + connection.connectionId() + " is closed; its temporary destinations are gone with it");
        }
        if (inUse.test(d)) {
            throw new IllegalStateException("temporary destination " + d.toUri() + " has an active consumer; close it before delete()");
        }
        if (live.remove(d.name())) {
            deleted.add(d.name());
            JmsErrors.await(connection.provider().deleteTemporaryTopic(d.name()), connection.settings().sendTimeoutMillis(),
                    "deleting temporary destination " + d.toUri());
        }
    }

    @Override
    public boolean owns(TernDestination d) {
        return d.isTemporary() && live.contains(d.name());
    }

    /** A send to a temporary destination this connection deleted is refused (the broker refuses other connections' ones). */
    public void checkSendable(TernDestination d) throws JMSException {
        if (d.isTemporary() && deleted.contains(d.name())) {
            throw new jakarta.jms.InvalidDestinationException("temporary destination " + d.toUri() + " was deleted");
        }
    }

    /**
     * Reconnected: the brokers deleted this connection's owned topics when they saw it go, so each live temporary
     * destination is made again (empty: what it held is gone) and owned by the new connection (a broker that still
     * has it for this connection, when only a NameServer was lost, answers OK).
     */
    void recreateAll() throws JMSException {
        for (String name : live) {
            JmsErrors.await(connection.provider().createTemporaryTopic(name), connection.settings().sendTimeoutMillis(),
                    "creating temporary destination " + name + " again after a reconnect");
        }
    }

    /** The connection closes: every temporary destination goes. */
    void deleteAll() {
        for (String name : live) {
            connection.provider().deleteTemporaryTopic(name).exceptionally(e -> null);
        }
        deleted.addAll(live);
        live.clear();
    }
}
