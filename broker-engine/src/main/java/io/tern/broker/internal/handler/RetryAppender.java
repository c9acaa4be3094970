package io.tern.broker.internal.handler;

import io.tern.broker.RetryPolicy;
import io.tern.broker.internal.topic.TopicTable;
import io.tern.message.Properties;
import io.tern.protocol.RetryTopics;
import io.tern.store.AppendResult;
import io.tern.store.MessageRecord;
import io.tern.store.MessageStore;
import io.tern.store.StoredMessage;

import java.io.IOException;
import java.time.InstantSource;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Moves a failed message to its group's retry topic (due after the policy's back-off) or, once it was delivered
 * {@code maxDeliveries} times, to the group's dead-letter topic. The copy keeps the id, tag, keys, body, flags and
 * properties, and records the original topic and the delivery count ({@link RetryTopics}). Both topics have one
 * queue and are created on first use.
 *
 * <p>Thread rules: handler threads only (creating a topic writes the topic file); stateless.
 */
public final class RetryAppender {
    /** Where a failed message went. */
    public record Routed(boolean deadLettered, String topic, AppendResult result) {
    }

    private final MessageStore store;
    private final TopicTable topics;
    private final RetryPolicy policy;
    private final Runnable topicCreated;
    private final InstantSource clock;

    public RetryAppender(MessageStore store, TopicTable topics, RetryPolicy policy, Runnable topicCreated, InstantSource clock) {
        this.store = store;
        this.topics = topics;
        this.policy = policy;
        this.topicCreated = topicCreated;
        this.clock = clock;
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Appends {@code failed} (delivered {@code deliveries} times) for {@code group}: to the dead-letter topic if the
     * policy is exhausted, else to the retry topic due after {@code backoffMillis} (negative: the policy's).
     */
    public CompletableFuture<Routed> route(StoredMessage failed, String group, int deliveries, long backoffMillis) throws IOException {
        boolean dead = policy.exhausted(deliveries);
        long due = dead ? 0 : clock.millis() + (backoffMillis < 0 ? policy.backoffMillis(deliveries) : backoffMillis);
        return append(failed, group, deliveries, dead ? RetryTopics.deadLetterTopic(group) : RetryTopics.retryTopic(group), due);
    }

    /** Appends {@code failed} to the group's dead-letter topic, whatever its delivery count. */
    public CompletableFuture<Routed> deadLetter(StoredMessage failed, String group, int deliveries) throws IOException {
        return append(failed, group, deliveries, RetryTopics.deadLetterTopic(group), 0);
    }

    private CompletableFuture<Routed> append(StoredMessage failed, String group, int deliveries, String topic, long due) throws IOException {
        ensure(topic);
        MessageRecord r = failed.message();
        MessageRecord copy = new MessageRecord(r.id(), topic, 0, r.bornTimestamp(), r.bornHost(), r.flags(),
                properties(r, deliveries, due), r.keys(), r.tag(), r.body());
        boolean dead = !RetryTopics.isRetry(topic);
        return store.append(copy).thenApply(result -> new Routed(dead, topic, result));
    }

    private static Properties properties(MessageRecord r, int deliveries, long due) {
        Properties.Builder b = Properties.builder();
        for (Map.Entry<String, Object> e : r.properties().asMap().entrySet()) {
            if (!e.getKey().equals(RetryTopics.DUE_AT)) {
                b.put(e.getKey(), e.getValue());
            }
        }
        if (!(r.properties().get(RetryTopics.ORIGIN_TOPIC) instanceof String)) {
            b.put(RetryTopics.ORIGIN_TOPIC, r.topic()); // a retried message keeps the topic it was first sent to
        }
        b.put(RetryTopics.DELIVERY_COUNT, deliveries);
        if (due > 0) {
            b.put(RetryTopics.DUE_AT, due);
        }
        return b.build();
    }

    private void ensure(String topic) throws IOException {
        if (topics.get(topic) == null) {
            topics.getOrCreate(topic, 1);
            topicCreated.run();
        }
    }
}
