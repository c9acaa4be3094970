package io.tern.jms;

import jakarta.jms.Destination;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TemporaryTopic;
import jakarta.jms.Topic;

import java.io.Serializable;
import java.util.Objects;

/**
 * A Tern destination: a name, which is the engine topic the messages go to, and a kind (queue, topic, temporary queue,
 * temporary topic). A queue and a topic of the same name share one engine topic (one stream); the kind decides how
 * consumers subscribe, not where messages are stored.
 *
 * <p>Text form (JMSReplyTo and JMSDestination on the wire, JNDI references): {@code queue://NAME}, {@code topic://NAME},
 * {@code temp-queue://NAME}, {@code temp-topic://NAME}; the name follows the scheme verbatim (it may itself contain
 * {@code "://"} or slashes). Destinations are immutable, compare equal by kind and name, and are safe to share between
 * threads.
 */
public abstract class TernDestination implements Destination, Serializable {
    private static final long serialVersionUID = 1L;

    static final String QUEUE_SCHEME = "queue://";
    static final String TOPIC_SCHEME = "topic://";
    static final String TEMP_QUEUE_SCHEME = "temp-queue://";
    static final String TEMP_TOPIC_SCHEME = "temp-topic://";

    private final String name;

    TernDestination(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a destination name must not be null or empty, got: "
                    + (name == null ? "null" : "\"\""));
        }
        this.name = name;
    }

    /** The engine topic name. */
    public String name() {
        return name;
    }

    /** The scheme of the text form, with its {@code "://"}. */
    abstract String scheme();

    /** True for a queue or temporary queue (consumed in one lease group), false for topics. */
    public abstract boolean isQueue();

    /** True for a temporary queue or topic. */
    public abstract boolean isTemporary();

    /** The text form, for example {@code queue://orders}. */
    public String toUri() {
        return scheme() + name;
    }

    /**
     * The destination of a text form made by {@link #toUri()}; null gives null. A text without one of the four schemes,
     * or with an empty name, is an {@link IllegalArgumentException} naming it.
     */
    public static TernDestination fromUri(String uri) {
        if (uri == null) {
            return null;
        }
        if (uri.startsWith(QUEUE_SCHEME)) {
            return new TernQueue(nameAfter(uri, QUEUE_SCHEME));
        }
        if (uri.startsWith(TOPIC_SCHEME)) {
            return new TernTopic(nameAfter(uri, TOPIC_SCHEME));
        }
        if (uri.startsWith(TEMP_QUEUE_SCHEME)) {
            return new TernTemporaryQueue(nameAfter(uri, TEMP_QUEUE_SCHEME), null);
        }
        if (uri.startsWith(TEMP_TOPIC_SCHEME)) {
            return new TernTemporaryTopic(nameAfter(uri, TEMP_TOPIC_SCHEME), null);
        }
        throw new IllegalArgumentException("not a Tern destination: \"" + uri
                + "\"; expected queue://NAME, topic://NAME, temp-queue://NAME or temp-topic://NAME");
    }

    private static String nameAfter(String uri, String scheme) {
        String name = uri.substring(scheme.length());
        if (name.isEmpty()) {
            throw new IllegalArgumentException("destination \"" + uri + "\" has an empty name");
        }
        return name;
    }

    /**
     * A Tern destination for any {@link Destination}: a Tern one as it is, another provider's (a foreign destination)
     * converted by its name and kind; null gives null. A destination that is neither a Queue nor a Topic, or has no
     * name, is an {@link InvalidDestinationException}.
     */
    public static TernDestination of(Destination d) throws JMSException {
        if (d == null || d instanceof TernDestination) {
            return (TernDestination) d;
        }
        try {
            if (d instanceof TemporaryQueue q) {
                return new TernTemporaryQueue(q.getQueueName(), null);
            }
            if (d instanceof TemporaryTopic t) {
                return new TernTemporaryTopic(t.getTopicName(), null);
            }
            if (d instanceof Queue q) {
                return new TernQueue(q.getQueueName());
            }
            if (d instanceof Topic t) {
                return new TernTopic(t.getTopicName());
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidDestinationException("foreign destination " + d + " (" + d.getClass().getName()
                    + ") has no usable name: " + e.getMessage());
        }
        throw new InvalidDestinationException("destination " + d + " (" + d.getClass().getName()
                + ") is neither a jakarta.jms.Queue nor a jakarta.jms.Topic; Tern cannot send to it");
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((TernDestination) o).name.equals(name);
    }

    @Override
    public int hashCode() {
        return Objects.hash(getClass().getName(), name);
    }

    /** The text form ({@link #toUri()}). */
    @Override
    public String toString() {
        return toUri();
    }
}
