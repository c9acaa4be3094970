package io.tern.ra.outbound;

import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.LocalTransactionException;

/**
 * The container's local transaction on a managed connection: between {@link #begin()} and {@link #commit()} /
 * {@link #rollback()} the physical session is transacted, and its sends and acks commit or roll back here. This is
 * also how a JTA transaction drives Tern while the adapter declares {@code LocalTransaction} support (the transaction
 * manager commits it as its last resource).
 *
 * The container drove it, so no local-transaction events are sent (those are for application-demarcated ones).
 *
 * <p>Thread rules: the container's calls for one transaction come in order, possibly from different threads; the
 * flag is volatile.
 */
final class TernLocalTransaction implements jakarta.resource.spi.LocalTransaction, jakarta.resource.cci.LocalTransaction {
    private final TernManagedConnection mc;
    private volatile boolean active;

    TernLocalTransaction(TernManagedConnection mc) {
        this.mc = mc;
    }

    boolean active() {
        return active;
    }

    @Override
    public void begin() throws ResourceException {
        if (active) {
            throw new LocalTransactionException("a local transaction is already active on " + mc);
        }
        active = true;
    }

    @Override
    public void commit() throws ResourceException {
        end(true);
    }

    @Override
    public void rollback() throws ResourceException {
        end(false);
    }

    private void end(boolean commit) throws ResourceException {
        if (!active) {
            throw new LocalTransactionException("no local transaction is active on " + mc + " to " + (commit ? "commit" : "roll back"));
        }
        try {
            Session s = mc.currentSession();
            if (s != null && s.getTransacted()) {
                if (commit) {
                    s.commit();
                } else {
                    s.rollback();
                }
            }
        } catch (JMSException e) {
            throw new LocalTransactionException("the Tern session of " + mc + " could not " + (commit ? "commit" : "roll back")
                    + ": " + e.getMessage(), e);
        } finally {
            active = false;
            mc.transactionEnded();
        }
    }
}
