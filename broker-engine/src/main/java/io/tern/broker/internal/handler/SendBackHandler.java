package io.tern.broker.internal.handler;

import io.tern.protocol.ResponseCode;
import io.tern.protocol.SendBackRequest;
import io.tern.remoting.Request;
import io.tern.remoting.RequestHandler;
import io.tern.store.AppendResult;
import io.tern.store.MessageStore;
import io.tern.store.StoredMessage;

import java.io.IOException;
import java.util.Optional;

/**
 * CONSUMER_SEND_BACK: a consumer failed a message; {@link RetryAppender} moves a copy to the group's retry or
 * dead-letter topic. The consumer may then commit past the original. The message is read from the store by
 * (topic, queue, offset), so the client sends nothing it could have altered.
 *
 * <p>Thread rules: handler threads (it may create a topic); stateless.
 */
public final class SendBackHandler implements RequestHandler {
    private final MessageStore store;
    private final RetryAppender appender;

    public SendBackHandler(MessageStore store, RetryAppender appender) {
        this.store = store;
        this.appender = appender;
    }

    @Override
    public void handle(Request request) {
        SendBackRequest r = SendBackRequest.decode(request.frame().header());
        if (r.deliveryCount() < 1) {
            request.error(ResponseCode.INVALID_REQUEST, "send-back of " + where(r) + ": deliveryCount " + r.deliveryCount() + " must be at least 1");
            return;
        }
        Optional<StoredMessage> failed = store.read(r.topic(), r.queueId(), r.queueOffset());
        if (failed.isEmpty()) {
            request.error(ResponseCode.INVALID_REQUEST, "send-back refused: no message is stored at " + where(r) + " (queue holds offsets "
                    + store.minOffset(r.topic(), r.queueId()) + "-" + (store.maxOffset(r.topic(), r.queueId()) - 1) + ")");
            return;
        }
        try {
            appender.route(failed.get(), r.group(), r.deliveryCount(), r.backoffMillis()).whenComplete((routed, e) -> {
                AppendResult a = routed == null ? null : routed.result();
                if (e != null || !a.isOk()) {
                    request.error(ResponseCode.STORE_UNAVAILABLE, "send-back of " + where(r) + " failed: " + (e != null ? e.getMessage() : a.error()));
                } else {
                    request.ok(new SendBackRequest.Result(routed.deadLettered(), routed.topic(), a.queueOffset()).encode(), null);
                }
            });
        } catch (IOException | RuntimeException e) {
            request.error(ResponseCode.STORE_UNAVAILABLE, "send-back of " + where(r) + " failed: " + e.getMessage());
        }
    }

    private static String where(SendBackRequest r) {
        return r.topic() + "/" + r.queueId() + " offset " + r.queueOffset() + " for group " + r.group();
    }
}
