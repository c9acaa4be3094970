/**
 * Lease mode (JMS queues and shared subscriptions): per (group, topic, queue) a {@link io.tern.broker.internal.lease.LeaseCursor}
 * (watermark, acked offsets, leases, ready offsets), the table of cursors with its ack journal records and checkpoint
 * ({@link io.tern.broker.internal.lease.LeaseTable}, {@link io.tern.broker.internal.lease.JournalRecord},
 * {@link io.tern.broker.internal.lease.LeaseCheckpoint}), RECEIVE, ACK,
 * NACK and friends ({@link io.tern.broker.internal.lease.LeaseService}), receipt handles, and the leases each connection
 * holds ({@link io.tern.broker.internal.lease.ConnectionLeases}). See {@code docs/leases.md}.
 *
 * <p>Thread rules: handler threads and any thread; each cursor is guarded by its own monitor, which
 * {@code LeaseService} holds across a store read and the grants that follow (two receivers never lease one offset);
 * the table holds no table-wide lock while a record is forced; checkpoints are written by the journal agent.
 */
package io.tern.broker.internal.lease;
