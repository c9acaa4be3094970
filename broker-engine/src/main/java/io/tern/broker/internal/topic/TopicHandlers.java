package io.tern.broker.internal.topic;

import io.tern.protocol.FrameCodecException;
import io.tern.protocol.Headers;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicConfig;
import io.tern.remoting.Request;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * CREATE_TOPIC and LIST_TOPICS. Stateless; {@code onChange} tells the NameServers at once, and CREATE_TOPIC is
 * answered when they know the topic (or the broker gave up waiting), so the creator can use its route right away.
 * CREATE_TOPIC replaces an existing topic's settings, but never lowers its read queues below one that holds messages:
 * consumers read only the first readQueues queues, so the messages of the others would be hidden until it grew again.
 */
public final class TopicHandlers {
    private final TopicTable topics;
    private final io.tern.store.MessageStore store;
    private final Supplier<CompletableFuture<Void>> onChange;

    public TopicHandlers(TopicTable topics, io.tern.store.MessageStore store, Supplier<CompletableFuture<Void>> onChange) {
        this.topics = topics;
        this.store = store;
        this.onChange = onChange;
    }

    public void create(Request request) throws Exception {
        Headers.Reader r = Headers.reader(request.frame().header());
        TopicConfig t = TopicConfig.readFrom(r);
        r.end();
        String why = TopicTable.invalid(t);
        if (why == null) {
            why = hidesMessages(t);
        }
        if (why != null) {
            request.error(ResponseCode.INVALID_REQUEST, why);
            return;
        }
        topics.put(t);
        onChange.get().whenComplete((v, e) -> request.ok(null, null));
    }

    /** Why {@code t} would hide stored messages of the topic it replaces (a read queue dropped that holds some), or null. */
    private String hidesMessages(TopicConfig t) {
        TopicConfig existing = topics.get(t.name());
        if (existing == null) {
            return null;
        }
        for (int q = t.readQueues(); q < existing.readQueues(); q++) {
            long max = store.maxOffset(t.name(), q);
            if (max > store.minOffset(t.name(), q)) {
                return "topic " + t.name() + " has " + existing.readQueues() + " read queues and queue " + q + " holds messages (offsets "
                        + store.minOffset(t.name(), q) + "-" + (max - 1) + "): " + t.readQueues() + " read queues would hide them from every"
                        + " consumer; queues can only grow (delete the topic to start again)";
            }
        }
        return null;
    }

    public void list(Request request) {
        if (request.frame().header().length != 0) {
            throw new FrameCodecException("LIST_TOPICS takes no header");
        }
        request.ok(null, TopicConfig.encodeList(topics.all()));
    }
}
