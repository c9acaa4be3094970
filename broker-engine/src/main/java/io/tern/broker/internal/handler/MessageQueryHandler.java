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

/** QUERY_MESSAGE: messages by id or by (topic, key), from the store's index. Stateless. */
public final class MessageQueryHandler implements RequestHandler {
    private final MessageStore store;
    private final String brokerName;

    public MessageQueryHandler(MessageStore store, String brokerName) {
        this.store = store;
        this.brokerName = brokerName;
    }

    @Override
    public void handle(Request request) {
        MessageQuery q = MessageQuery.decode(request.frame().header());
        if (q.max() < 1 || q.max() > MessageQuery.MAX_RESULTS) {
            request.error(ResponseCode.INVALID_REQUEST, "max " + q.max() + " must be 1-" + MessageQuery.MAX_RESULTS);
            return;
        }
        List<StoredMessage> found = new ArrayList<>();
        if (!q.byKey()) {
            store.lookupById(q.id()).ifPresent(found::add);
        } else if (q.topic() == null || q.key() == null) {
            request.error(ResponseCode.INVALID_REQUEST, "a lookup by key needs both topic and key");
            return;
        } else {
            found.addAll(store.lookupByKey(q.topic(), q.key(), q.max()));
        }
        List<ReceivedMessage> out = found.stream().map(s -> PullHandler.toReceived(s, brokerName)).toList();
        request.ok(null, MessageCodec.encodeReceived(out));
    }
}
