package io.tern.client;

import java.util.Map;

/**
 * What {@link PullConsumer#commit(Transaction)} does with the queues that moved: checks the one-broker rule, pins the
 * transaction, holds each offset on the broker ({@code TX_COMMIT_OFFSET}) and ties the consumer to the outcome: a
 * commit makes the held offsets the queues' committed ones, a rollback rewinds the consumer.
 * Thread rules: the consumer's consuming thread (which also ends the transaction).
 */
final class OffsetHold {
    private OffsetHold() {
    }

    static void hold(Transaction tx, Map<QueueState, Long> moved, GroupCalls calls, Runnable rewind) {
        tx.pin(brokerOf(tx, moved));
        moved.forEach((s, offset) -> {
            calls.holdOffset(s.queue, tx.id(), offset);
            tx.heldOffset(calls.group() + "@" + s.queue);
        });
        tx.onEnd(committed -> {
            if (committed) {
                moved.forEach((s, offset) -> s.committed = offset);
            } else {
                rewind.run();
            }
        });
    }

    /** The broker every queue is on, which must be {@code tx}'s if it has one; throws before anything is held otherwise. */
    private static String brokerOf(Transaction tx, Map<QueueState, Long> moved) {
        String broker = tx.brokerName();
        for (QueueState s : moved.keySet()) {
            if (broker == null) {
                broker = s.queue.brokerName();
            } else if (!broker.equals(s.queue.brokerName())) {
                throw new IllegalStateException("cannot commit the offset of " + s.queue + " in transaction " + tx.id() + ": the queue is on broker "
                        + s.queue.brokerName() + " and the transaction " + (tx.brokerName() != null ? "lives" : "would live") + " on broker "
                        + broker + "; a transaction lives on one broker (consume only that broker's queues, or use one transaction per broker)");
            }
        }
        return broker;
    }
}
