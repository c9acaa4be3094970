package io.tern.ra.outbound;

import jakarta.resource.ResourceException;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XAResource of a managed connection until jms-client has a two-phase one (slice jms-xa; TODO(issue 8)): the
 * transaction branch is the connection's {@link TernLocalTransaction}. It serves the common case, a JTA transaction
 * in which Tern is the only resource (the transaction manager then commits one-phase), and servers that configure
 * every JMS pool as XA ({@code @JMSConnectionFactoryDefinition} is transactional by default).
 *
 * <p>A second resource in the same transaction makes the transaction manager call {@link #prepare}, which is refused
 * ({@code XAER_RMERR}, the branch rolled back): the transaction rolls back instead of committing without the
 * guarantee it asked for. {@link #recover} has nothing to recover: no branch is ever prepared.
 *
 * <p>Thread rules: the transaction manager calls one branch's methods in order; state lives in the local transaction.
 */
final class OnePhaseXAResource implements XAResource {
    private final TernManagedConnection mc;
    private final TernLocalTransaction tx;
    private Xid current;

    OnePhaseXAResource(TernManagedConnection mc, TernLocalTransaction tx) {
        this.mc = mc;
        this.tx = tx;
    }

    @Override
    public synchronized void start(Xid xid, int flags) throws XAException {
        if ((flags & (TMJOIN | TMRESUME)) != 0) {
            if (!xid.equals(current)) {
                throw error(XAException.XAER_NOTA, "branch " + xid + " is not the one active on " + mc);
            }
            return;
        }
        if (current != null) {
            throw error(XAException.XAER_PROTO, "branch " + current + " is still active on " + mc + "; cannot start " + xid);
        }
        try {
            tx.begin();
        } catch (ResourceException e) {
            throw error(XAException.XAER_RMERR, e.getMessage());
        }
        current = xid;
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        check(xid);
    }

    @Override
    public synchronized int prepare(Xid xid) throws XAException {
        check(xid);
        rollback(xid);
        throw error(XAException.XAER_RMERR, "Tern's resource adapter commits one-phase only (it must be the only resource of "
                + "the transaction) until two-phase XA arrives; the branch on " + mc + " is rolled back");
    }

    @Override
    public synchronized void commit(Xid xid, boolean onePhase) throws XAException {
        check(xid);
        if (!onePhase) {
            throw error(XAException.XAER_PROTO, "two-phase commit of " + xid + " without a prepare Tern accepted");
        }
        try {
            tx.commit();
        } catch (ResourceException e) {
            throw error(XAException.XA_RBROLLBACK, "commit on " + mc + " failed, the sends and acks are rolled back: " + e.getMessage());
        } finally {
            current = null;
        }
    }

    @Override
    public synchronized void rollback(Xid xid) throws XAException {
        check(xid);
        try {
            if (tx.active()) {
                tx.rollback();
            }
        } catch (ResourceException e) {
            throw error(XAException.XAER_RMERR, e.getMessage());
        } finally {
            current = null;
        }
    }

    private synchronized void check(Xid xid) throws XAException {
        if (current == null || !current.equals(xid)) {
            throw error(XAException.XAER_NOTA, "branch " + xid + " is not active on " + mc + " (active: " + current + ")");
        }
    }

    private static XAException error(int code, String message) {
        XAException e = new XAException(message);
        e.errorCode = code;
        return e;
    }

    @Override
    public void forget(Xid xid) {
        // nothing is ever heuristically completed
    }

    @Override
    public Xid[] recover(int flag) {
        return new Xid[0]; // nothing is ever prepared
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }
}
