package io.tern.jms;

import jakarta.jms.Topic;

import javax.naming.Reference;
import javax.naming.Referenceable;

/**
 * A topic: its messages go to the engine topic of the same name; every subscription is a lease group of its own.
 * Immutable and thread-safe; Referenceable like {@link TernQueue}.
 */
public final class TernTopic extends TernDestination implements Topic, Referenceable {
    private static final long serialVersionUID = 1L;

    public TernTopic(String name) {
        super(name);
    }

    @Override
    public String getTopicName() {
        return name();
    }

    @Override
    String scheme() {
        return TOPIC_SCHEME;
    }

    @Override
    public boolean isQueue() {
        return false;
    }

    @Override
    public boolean isTemporary() {
        return false;
    }

    @Override
    public Reference getReference() {
        return TernQueue.reference(this);
    }
}
