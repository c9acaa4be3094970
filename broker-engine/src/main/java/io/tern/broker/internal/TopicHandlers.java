package io.tern.broker.internal;

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
 */
public final class TopicHandlers {
    private final TopicTable topics;
    private final Supplier<CompletableFuture<Void>> onChange;

    public TopicHandlers(TopicTable topics, Supplier<CompletableFuture<Void>> onChange) {
        this.topics = topics;
        this.onChange = onChange;
    }

    public void create(Request request) throws Exception {
        Headers.Reader r = Headers.reader(request.frame().header());
        TopicConfig t = TopicConfig.readFrom(r);
        r.end();
        String why = TopicTable.invalid(t);
        if (why != null) {
            request.error(ResponseCode.INVALID_REQUEST, why);
            return;
        }
        topics.put(t);
        onChange.get().whenComplete((v, e) -> request.ok(null, null));
    }

    public void list(Request request) {
        if (request.frame().header().length != 0) {
            throw new FrameCodecException("LIST_TOPICS takes no header");
        }
        request.ok(null, TopicConfig.encodeList(topics.all()));
    }
}
