package io.tern.broker.internal.transaction;

import io.tern.protocol.FrameCodecException;
import io.tern.protocol.TransactionList;
import io.tern.remoting.Request;
import io.tern.remoting.RequestHandler;

/**
 * LIST_TRANSACTIONS: every transaction of the {@link TransactionTable}, for {@code tern admin transactions}, which
 * shows the open, prepared and parked ones (and {@code tern admin message}, which tells a rolled-back half message
 * from one still open). Stateless; a handler thread (the table's lock is held only to copy).
 */
public final class TransactionListHandler implements RequestHandler {
    private final TransactionTable transactions;

    public TransactionListHandler(TransactionTable transactions) {
        this.transactions = transactions;
    }

    @Override
    public void handle(Request request) {
        if (request.frame().header().length != 0) {
            throw new FrameCodecException("LIST_TRANSACTIONS takes no header, got " + request.frame().header().length + " bytes");
        }
        request.ok(null, TransactionList.encode(transactions.summaries()));
    }
}
