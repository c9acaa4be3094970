package io.tern.jms;

import io.tern.jms.internal.message.TemporaryDestinationOwner;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

/**
 * A temporary queue: engine topic {@code TMPQ.<uuid>}, owned by the connection that created it and consumed only there
 * (lease group = its name). The owner is not serialized: a temporary queue read back from a text form, a JMSReplyTo
 * or a serialized copy has none, and {@link #delete()} on it is refused.
 */
public final class TernTemporaryQueue extends TernDestination implements TemporaryQueue {
    private static final long serialVersionUID = 1L;
    /** The engine topic prefix of temporary queues. */
    public static final String NAME_PREFIX = "TMPQ.";

    private final transient TemporaryDestinationOwner owner;

    /** A temporary queue of {@code name}, deleted through {@code owner} (null: not owned in this process). */
    public TernTemporaryQueue(String name, TemporaryDestinationOwner owner) {
        super(name);
        this.owner = owner;
    }

    /** The connection-side owner, or null. */
    public TemporaryDestinationOwner owner() {
        return owner;
    }

    @Override
    public String getQueueName() {
        return name();
    }

    @Override
    public void delete() throws JMSException {
        TernTemporaryTopic.deleteThrough(owner, this);
    }

    @Override
    String scheme() {
        return TEMP_QUEUE_SCHEME;
    }

    @Override
    public boolean isQueue() {
        return true;
    }

    @Override
    public boolean isTemporary() {
        return true;
    }
}
