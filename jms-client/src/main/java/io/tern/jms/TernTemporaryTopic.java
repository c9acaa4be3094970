package io.tern.jms;

import io.tern.jms.internal.message.TemporaryDestinationOwner;
import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;

/**
 * A temporary topic: engine topic {@code TMPT.<uuid>}, owned by the connection that created it. As with
 * {@link TernTemporaryQueue}, the owner is not serialized and only an owned instance can be deleted.
 */
public final class TernTemporaryTopic extends TernDestination implements TemporaryTopic {
    private static final long serialVersionUID = 1L;
    /** The engine topic prefix of temporary topics. */
    public static final String NAME_PREFIX = "TMPT.";

    private final transient TemporaryDestinationOwner owner;

    /** A temporary topic of {@code name}, deleted through {@code owner} (null: not owned in this process). */
    public TernTemporaryTopic(String name, TemporaryDestinationOwner owner) {
        super(name);
        this.owner = owner;
    }

    /** The connection-side owner, or null. */
    public TemporaryDestinationOwner owner() {
        return owner;
    }

    @Override
    public String getTopicName() {
        return name();
    }

    @Override
    public void delete() throws JMSException {
        deleteThrough(owner, this);
    }

    static void deleteThrough(TemporaryDestinationOwner owner, TernDestination d) throws JMSException {
        if (owner == null) {
            throw new JMSException("temporary destination " + d.toUri() + " was not created by a connection of this"
                    + " client (it came from a message, a text form or a serialized copy); only its own connection can delete it");
        }
        owner.deleteTemporary(d);
    }

    @Override
    String scheme() {
        return TEMP_TOPIC_SCHEME;
    }

    @Override
    public boolean isQueue() {
        return false;
    }

    @Override
    public boolean isTemporary() {
        return true;
    }
}
