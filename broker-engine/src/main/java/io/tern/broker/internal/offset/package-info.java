/**
 * Offset-mode consumers: committed offsets ({@link io.tern.broker.internal.offset.OffsetTable}) and QUERY_OFFSET,
 * COMMIT_OFFSET, QUERY_QUEUE; the queue locks of orderly consumers ({@link io.tern.broker.internal.offset.QueueLocks})
 * and LOCK_QUEUES, UNLOCK_QUEUES. See {@code docs/broker.md}.
 *
 * <p>Thread rules: any thread; offsets are persisted by one thread at a time (the broker's scheduler); the lock table
 * is guarded by one monitor held only for map operations, never for I/O.
 */
package io.tern.broker.internal.offset;
