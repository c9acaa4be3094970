/**
 * Transactions: the table of local and XA transactions with its journal records
 * ({@link io.tern.broker.internal.transaction.TransactionTable}, {@link io.tern.broker.internal.transaction.TxRecord}),
 * the requests that begin, hold, prepare and end them ({@link io.tern.broker.internal.transaction.TransactionService}),
 * offsets held until commit ({@link io.tern.broker.internal.transaction.TxOffsetCommits}), the check-back agent
 * ({@link io.tern.broker.internal.transaction.TransactionChecker}), each connection's transactions and LIST_TRANSACTIONS.
 * See {@code docs/transactions.md}.
 *
 * <p>Thread rules: the table's methods are synchronized and a {@code Transaction} is touched only under that lock;
 * handlers run on the handler executor, journal and store completions hop back to it; the checker runs on its agent's
 * thread and only enqueues.
 */
package io.tern.broker.internal.transaction;
