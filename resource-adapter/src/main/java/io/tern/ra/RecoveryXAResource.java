package io.tern.ra;

import io.tern.jms.internal.settings.FactorySettings;
import io.tern.jms.internal.xa.TernXAConnection;
import jakarta.jms.JMSException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;

/**
 * The XAResource {@link TernResourceAdapter#getXAResources} gives the transaction manager's recovery for one login on
 * one cluster. It connects on first use (a server asks for recovery resources at boot, when the broker may be down)
 * and delegates every call to the XAResource of an XA session of that connection.
 * <ul>
 *   <li>Broker down: each call answers {@code XAER_RMFAIL} (the transaction manager tries again at its next scan)
 *       after at most one connection attempt, bounded by {@code sendTimeout}; the failure is logged once per change of
 *       reason, not per call, so a long outage is one warning, not a storm.</li>
 *   <li>A call that fails with {@code XAER_RMFAIL} drops the connection; the next call connects again.</li>
 *   <li>{@code recover(TMSTARTRSCAN)} returns every prepared branch at once (as the client's resource does), so a scan
 *       survives a reconnect between its start and its end.</li>
 * </ul>
 * Thread rules: synchronized; the transaction manager's recovery thread is the only caller in practice.
 */
final class RecoveryXAResource implements XAResource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecoveryXAResource.class);

    private final FactorySettings settings;
    private TernXAConnection connection;
    private XAResource delegate;
    private boolean scanning;
    private String lastFailure;

    RecoveryXAResource(FactorySettings settings) {
        this.settings = settings;
    }

    @FunctionalInterface
    private interface XaCall<T> {
        T call(XAResource r) throws XAException;
    }

    private synchronized <T> T call(String what, XaCall<T> c) throws XAException {
        XAResource r = connected(what);
        try {
            return c.call(r);
        } catch (XAException e) {
            if (e.errorCode == XAException.XAER_RMFAIL) {
                close(); // lost: connect again next time
            }
            throw e;
        }
    }

    private XAResource connected(String what) throws XAException {
        if (delegate != null && !connection.isClosed()) {
            return delegate;
        }
        close();
        try {
            TernXAConnection c = TernXAConnection.openXa(settings, settings.user(), settings.password());
            try {
                delegate = c.createXASession().getXAResource();
            } catch (JMSException | RuntimeException e) {
                c.close();
                throw e;
            }
            connection = c;
            if (lastFailure != null) {
                LOG.info("Tern XA recovery reaches {} again", settings.nameServers());
                lastFailure = null;
            }
            return delegate;
        } catch (JMSException | RuntimeException e) {
            String reason = String.valueOf(e.getMessage());
            if (!reason.equals(lastFailure)) {
                LOG.warn("Tern XA recovery cannot reach {} as {}: {}; the transaction manager tries again at its next scan",
                        settings.nameServers(), settings.user() == null ? "(anonymous)" : settings.user(), reason);
                lastFailure = reason;
            }
            XAException x = new XAException(what + ": Tern at " + settings.nameServers() + " is unreachable (" + reason
                    + "); try again later (XAER_RMFAIL)");
            x.errorCode = XAException.XAER_RMFAIL;
            x.initCause(e);
            throw x;
        }
    }

    @Override
    public synchronized Xid[] recover(int flags) throws XAException {
        if ((flags & ~(TMSTARTRSCAN | TMENDRSCAN)) != 0) {
            throw error(XAException.XAER_INVAL, "recover flags " + flags + " are not TMSTARTRSCAN, TMENDRSCAN, both or TMNOFLAGS");
        }
        if ((flags & TMSTARTRSCAN) == 0) {
            if (!scanning) {
                throw error(XAException.XAER_PROTO, "recover(" + flags + ") without a scan open; begin one with TMSTARTRSCAN");
            }
            scanning = (flags & TMENDRSCAN) == 0;
            return new Xid[0]; // everything came with TMSTARTRSCAN
        }
        Xid[] found = call("recover", r -> r.recover(TMSTARTRSCAN | TMENDRSCAN));
        scanning = (flags & TMENDRSCAN) == 0;
        return found;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        call("commit", r -> {
            r.commit(xid, onePhase);
            return null;
        });
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        call("rollback", r -> {
            r.rollback(xid);
            return null;
        });
    }

    @Override
    public void forget(Xid xid) throws XAException {
        call("forget", r -> {
            r.forget(xid);
            return null;
        });
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        return call("prepare", r -> r.prepare(xid));
    }

    @Override
    public void start(Xid xid, int flags) throws XAException {
        call("start", r -> {
            r.start(xid, flags);
            return null;
        });
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        call("end", r -> {
            r.end(xid, flags);
            return null;
        });
    }

    /** Same cluster identity as {@code other} (another recovery resource or a connection's); false while unreachable. */
    @Override
    public synchronized boolean isSameRM(XAResource other) throws XAException {
        if (other == this) {
            return true;
        }
        XAResource mine;
        try {
            mine = connected("isSameRM");
        } catch (XAException e) {
            return false;
        }
        XAResource theirs = other instanceof RecoveryXAResource r ? r.delegateOrNull() : other;
        return theirs != null && mine.isSameRM(theirs);
    }

    private synchronized XAResource delegateOrNull() {
        return delegate;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    /** Recovery starts no branches, so there is nothing to time out. */
    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }

    @Override
    public synchronized void close() {
        TernXAConnection c = connection;
        connection = null;
        delegate = null;
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.debug("closing the Tern XA recovery connection to {} failed", settings.nameServers(), e);
            }
        }
    }

    private static XAException error(int code, String message) {
        XAException e = new XAException(message);
        e.errorCode = code;
        return e;
    }

    @Override
    public String toString() {
        return "Tern XA recovery resource [" + settings.nameServers() + ", user " + settings.user() + "]";
    }
}
