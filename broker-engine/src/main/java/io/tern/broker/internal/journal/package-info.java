/**
 * The broker's own small files: the group-committed journal shared by the lease and transaction tables
 * ({@link io.tern.broker.internal.journal.GroupCommitJournal}), its frame ({@link io.tern.broker.internal.journal.JournalFrame}),
 * replay at open ({@link io.tern.broker.internal.journal.JournalReplay}), and the line files of the topic and offset
 * tables ({@link io.tern.broker.internal.journal.LineFile}). The records a journal carries live with their feature
 * ({@code lease.JournalRecord}, {@code transaction.TxRecord}). Layouts are drawn in each class.
 *
 * <p>Thread rules: appends from any thread; writing, forcing and checkpointing on the journal agent's thread; replay is
 * called once, at open, before the agent runs; line-file writes are serialized by their callers.
 */
package io.tern.broker.internal.journal;
