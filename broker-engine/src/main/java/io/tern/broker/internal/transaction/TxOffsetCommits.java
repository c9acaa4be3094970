package io.tern.broker.internal.transaction;

import io.tern.broker.internal.transaction.Transaction.OffsetKey;
import io.tern.broker.internal.offset.OffsetTable;
import io.tern.broker.internal.topic.TopicTable;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicConfig;
import io.tern.protocol.TxOffsetRequest;
import io.tern.remoting.Request;
import io.tern.store.MessageStore;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Offset commits held in transactions (consume-transform-produce):
 * <pre>
 *   TX_COMMIT_OFFSET --> topic, queue and offset checked --> OFFSET journaled (replacing the same queue's earlier one) --> answered
 *   commit           --> each held offset advanced in the OffsetTable (only up) --> answered with the rest of the commit;
 *                        APPLIED is journaled once the offsets file holds them (next persist, within 5 s)
 *   rollback         --> nothing: the group's committed offset never moved, so its messages are consumed again
 * </pre>
 * Until APPLIED the journal still has the commit, so a crash before the offsets file is written re-applies them at
 * the next start; advancing is idempotent and order-free, so re-applying several commits in any order is safe.
 *
 * <p>Thread rules: handler executor; the table serializes its own state; the OffsetTable is safe from any thread.
 */
public final class TxOffsetCommits {
    private final TransactionTable table;
    private final TopicTable topics;
    private final MessageStore store;
    private final OffsetTable offsets;
    private final TxCaller.Lookup callers;
    private final ConnectionTransactions perConnection;

    public TxOffsetCommits(TransactionTable table, TopicTable topics, MessageStore store, OffsetTable offsets, TxCaller.Lookup callers,
                           ConnectionTransactions perConnection) {
        this.callers = callers;
        this.perConnection = perConnection;
        this.table = table;
        this.topics = topics;
        this.store = store;
        this.offsets = offsets;
    }

    public void hold(Request request) {
        TxOffsetRequest o = TxOffsetRequest.decode(request.frame().header());
        TxCaller caller = callers.of(request);
        String foreign = table.refuseCaller(o.txId(), caller);
        if (foreign != null) {
            request.error(ResponseCode.NO_PERMISSION, "transactional offset commit refused: " + foreign);
            return;
        }
        String refusal = table.refuseWork(o.txId());
        if (refusal != null) {
            request.error(ResponseCode.TX_CONFLICT, "transactional offset commit refused: " + refusal);
            return;
        }
        String capped = perConnection.admit(request.connection(), o.txId());
        if (capped != null) {
            request.error(ResponseCode.TX_LIMIT, "transactional offset commit refused: " + capped);
            return;
        }
        String invalid = invalid(o);
        if (invalid != null) {
            request.error(ResponseCode.INVALID_REQUEST, "transactional offset commit of group " + o.group() + " refused: " + invalid);
            return;
        }
        table.holdOffset(o.txId(), new OffsetKey(o.group(), o.topic(), o.queueId()), o.offset(), caller).whenComplete((v, e) -> {
            if (e == null) {
                request.ok(null, null);
            } else if (e instanceof TransactionTable.Conflict) {
                request.error(ResponseCode.TX_CONFLICT, "transactional offset commit refused: " + e.getMessage());
            } else {
                request.error(ResponseCode.STORE_UNAVAILABLE, "transactional offset commit not journaled: " + e.getMessage());
            }
        });
    }

    /** Why the topic, queue or offset cannot be committed on this broker, or null. */
    private String invalid(TxOffsetRequest o) {
        TopicConfig t = topics.get(o.topic());
        if (t == null) {
            return "topic " + o.topic() + " is not served by this broker";
        }
        if (o.queueId() < 0 || o.queueId() >= t.readQueues()) {
            return "queue " + o.queueId() + " of topic " + o.topic() + " does not exist (queues 0-" + (t.readQueues() - 1) + ")";
        }
        long next = store.maxOffset(o.topic(), o.queueId());
        if (o.offset() < 0 || o.offset() > next) {
            return "offset " + o.offset() + " of " + o.topic() + "/" + o.queueId() + " is outside 0-" + next
                    + " (" + next + " is the queue's next offset)";
        }
        return null;
    }

    /**
     * Applies a committed transaction's held offsets (each moves the group's offset only up); the future completes
     * once the offsets file holds them, at once if there are none.
     */
    CompletableFuture<Void> apply(Transaction tx) {
        Map<OffsetKey, Long> held = table.offsets(tx);
        if (held.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        held.forEach((k, offset) -> offsets.advance(k.group(), k.topic(), k.queueId(), offset));
        return offsets.persisted();
    }
}
