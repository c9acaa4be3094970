package io.tern.jms.internal.provider;

/**
 * What a durable subscription is: its lease group, topic, selector and noLocal, kept on the engine so that another
 * connection (or run) knows what a name means: re-subscribing with another topic, selector or noLocal replaces the
 * subscription, and unsubscribe finds the topic. {@code deleted} marks an unsubscribe.
 */
public record SubscriptionRecord(String group, String topic, String selector, boolean noLocal, boolean deleted) {
    /** Same topic, selector and noLocal: the same subscription. */
    public boolean sameAs(String topic, String selector, boolean noLocal) {
        return !deleted && this.topic.equals(topic) && java.util.Objects.equals(this.selector, selector) && this.noLocal == noLocal;
    }
}
