package io.tern.broker.internal.handler;

import io.tern.message.ReceivedMessage;
import io.tern.protocol.MessageCodec;
import io.tern.protocol.MessageQuery;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.Request;
import io.tern.remoting.RequestHandler;
import io.tern.store.MessageStore;
import io.tern.store.StoredMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * QUERY_MESSAGE: messages by id or by (topic, key), from the store's index. Stateless.
 * <p>A send is answered once written, but indexed only once the dispatcher has read it; a lookup therefore waits for
 * the dispatch to reach what is written when it arrives, so a message whose send was answered is always found
 * ("read your writes" for {@code tern admin message} right after {@code tern produce}). The lookup then runs on
 * {@code lookups} (the handler executor), never on the dispatcher's thread.
 */
public final class MessageQueryHandler implements RequestHandler {
    private final MessageStore store;
    private final String brokerName;
    private final Executor lookups;

    public MessageQueryHandler(MessageStore store, String brokerName, Executor lookups) {
        this.store = store;
        this.brokerName = brokerName;
        this.lookups = lookups;
    }

    @Override
    public void handle(Request request) {
        MessageQuery q = MessageQuery.decode(request.frame().header());
        if (q.max() < 1 || q.max() > MessageQuery.MAX_RESULTS) {
            request.error(ResponseCode.INVALID_REQUEST, "max " + q.max() + " must be 1-" + MessageQuery.MAX_RESULTS);
            return;
        }
        if (q.byKey() && (q.topic() == null || q.key() == null)) {
            request.error(ResponseCode.INVALID_REQUEST, "a lookup by key needs both topic and key");
            return;
        }
        CompletableFuture<Void> dispatched = store.whenDispatched(store.writtenPosition());
        if (dispatched.isDone()) {
            lookUp(request, q);
        } else {
            dispatched.thenRunAsync(() -> lookUp(request, q), lookups).exceptionally(e -> {
                request.error(ResponseCode.SYSTEM_BUSY, "the message lookup could not be queued (" + e.getMessage()
                        + "); the broker's handler threads are saturated, try again");
                return null;
            });
        }
    }

    private void lookUp(Request request, MessageQuery q) {
        List<StoredMessage> found = new ArrayList<>();
        if (!q.byKey()) {
            store.lookupById(q.id()).ifPresent(found::add);
        } else {
            found.addAll(store.lookupByKey(q.topic(), q.key(), q.max()));
        }
        List<ReceivedMessage> out = found.stream().map(s -> PullHandler.toReceived(s, brokerName)).toList();
        request.ok(null, MessageCodec.encodeReceived(out));
    }
}
