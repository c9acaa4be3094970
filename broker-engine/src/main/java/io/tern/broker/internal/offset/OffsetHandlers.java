package io.tern.broker.internal.offset;

import io.tern.protocol.OffsetRequest;
import io.tern.protocol.QueueQuery;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.Request;
import io.tern.store.MessageStore;

/** QUERY_OFFSET, COMMIT_OFFSET and QUERY_QUEUE: where groups are, and what queues hold. Stateless. */
public final class OffsetHandlers {
    private final OffsetTable offsets;
    private final MessageStore store;

    public OffsetHandlers(OffsetTable offsets, MessageStore store) {
        this.offsets = offsets;
        this.store = store;
    }

    public void query(Request request) {
        OffsetRequest q = OffsetRequest.decode(request.frame().header());
        request.ok(OffsetRequest.encodeOffset(offsets.get(q.group(), q.topic(), q.queueId())), null);
    }

    public void commit(Request request) {
        OffsetRequest c = OffsetRequest.decode(request.frame().header());
        if (c.offset() < 0) {
            request.error(ResponseCode.INVALID_REQUEST, "offset " + c.offset() + " to commit for " + c.group() + " on "
                    + c.topic() + "/" + c.queueId() + " is negative");
            return;
        }
        offsets.commit(c.group(), c.topic(), c.queueId(), c.offset());
        request.ok(null, null);
    }

    public void queue(Request request) {
        QueueQuery q = QueueQuery.decode(request.frame().header());
        long atTime = q.timestamp() < 0 ? -1 : store.offsetForTime(q.topic(), q.queueId(), q.timestamp());
        request.ok(new QueueQuery.Result(store.minOffset(q.topic(), q.queueId()), store.maxOffset(q.topic(), q.queueId()), atTime).encode(), null);
    }
}
