package io.tern.jms.internal.consumer;

/**
 * Where a consumer's messages come from on the engine: a lease group on a topic, opened at the topic's first
 * offset (queues) or its end (topic subscriptions), and whether closing the consumer deletes it.
 * Names (docs/jms.md): queue {@code Q}; non-durable {@code N.<connection>.<n>}; durable {@code D.<clientID>.<name>};
 * shared durable {@code DS.<clientID or empty>.<name>}; shared non-durable {@code S.<clientID or empty>.<name>}.
 *
 * @param deleteOnClose delete the group when its (last) consumer closes: non-durable subscriptions
 * @param shared        other consumers may share the group (the last to close deletes a shared non-durable one)
 */
public record Subscription(String group, String topic, boolean atEnd, boolean ephemeral, boolean deleteOnClose, boolean shared) {
    public static Subscription queue(String name) {
        return new Subscription(name, name, false, false, false, false);
    }

    public static Subscription nonDurable(String topic, String connectionId, int n) {
        return new Subscription("N." + connectionId + "." + n, topic, true, true, true, false);
    }

    public static Subscription durable(String topic, String clientId, String name) {
        return new Subscription("D." + clientId + "." + name, topic, true, false, false, false);
    }

    public static Subscription sharedDurable(String topic, String clientId, String name) {
        return new Subscription("DS." + (clientId == null ? "" : clientId) + "." + name, topic, true, false, false, true);
    }

    public static Subscription sharedNonDurable(String topic, String clientId, String name) {
        return new Subscription("S." + (clientId == null ? "" : clientId) + "." + name, topic, true, true, true, true);
    }
}
