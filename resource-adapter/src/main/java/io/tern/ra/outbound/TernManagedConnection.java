package io.tern.ra.outbound;

import io.tern.jms.internal.connection.TernConnection;
import io.tern.jms.internal.xa.TernXAConnection;
import io.tern.jms.internal.xa.TernXAResource;
import io.tern.jms.internal.xa.TernXASession;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.LocalTransaction;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionMetaData;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.SecurityException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.security.auth.Subject;
import javax.transaction.xa.XAResource;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One physical Tern XA connection in the server's pool, its XA session, and the one plain session its handles share
 * outside JTA transactions.
 *
 * <p>Session rules (Jakarta EE, JMS 3.1 section 12.3), whatever mode the application asked for:
 * <ul>
 *   <li>in a JTA transaction (the transaction manager called {@code start} on {@link #getXAResource()}, the XA
 *       session's two-phase {@link TernXAResource}) a handle's session is the XA session: its sends and acks are in
 *       the branch, which the transaction manager prepares, commits or rolls back with the other resources;</li>
 *   <li>in a container local transaction ({@link TernLocalTransaction#begin()}) it is a transacted plain session that
 *       the container commits or rolls back;</li>
 *   <li>outside both it is a plain session of the asked mode.</li>
 * </ul>
 * Each connection handle has at most one session. The XA session lives as long as this managed connection, so the
 * XAResource the pool keeps stays valid and recovery through a managed connection made with no request info works.
 *
 * <p>Failure: a lost broker connection is reported to the pool as {@code CONNECTION_ERROR_OCCURRED}, and
 * {@link #isUsable()} turns false so validation and matching drop it.
 *
 * <p>Thread rules: the pool hands a managed connection to one thread at a time; the ExceptionListener runs on a
 * provider thread and only sets a flag and notifies listeners (copy-on-write list).
 */
public final class TernManagedConnection implements ManagedConnection {
    private static final Logger LOG = LoggerFactory.getLogger(TernManagedConnection.class);

    private final TernManagedConnectionFactory factory;
    private final Login login;
    private final TernXAConnection physical;
    private final TernXASession xaSession;
    private final List<ConnectionEventListener> listeners = new CopyOnWriteArrayList<>();
    private final List<ConnectionHandle> handles = new CopyOnWriteArrayList<>();
    private final TernLocalTransaction localTransaction = new TernLocalTransaction(this);
    private volatile boolean broken;
    private final java.util.concurrent.atomic.AtomicBoolean destroyed = new java.util.concurrent.atomic.AtomicBoolean();
    private Session session; // the plain physical session, created at the first createSession of a handle outside XA
    private PrintWriter logWriter;

    TernManagedConnection(TernManagedConnectionFactory factory, Login login) throws ResourceException {
        this.factory = factory;
        this.login = login;
        try {
            this.physical = TernXAConnection.openXa(factory.settings(), login.user(), login.password());
        } catch (jakarta.jms.JMSSecurityException e) {
            throw (SecurityException) new SecurityException("Tern refused the login of " + login + ": " + e.getMessage()).initCause(e);
        } catch (JMSException e) {
            throw (ResourceException) new ResourceAdapterInternalException("cannot connect to Tern at "
                    + factory.settings().nameServers() + " as " + login + ": " + e.getMessage()
                    + " (is the broker running? the pool tries again at the next request)").initCause(e);
        }
        try {
            physical.setExceptionListener(this::lost);
            this.xaSession = (TernXASession) physical.createXASession();
        } catch (JMSException e) {
            try {
                physical.close();
            } catch (JMSException ignored) {
                // the first failure is the one to report
            }
            throw new ResourceAdapterInternalException("cannot set up the Tern connection: " + e.getMessage(), e);
        }
    }

    TernManagedConnectionFactory factory() {
        return factory;
    }

    Login login() {
        return login;
    }

    TernConnection physical() {
        return physical;
    }

    /** False once the broker connection is lost or this was destroyed. */
    public boolean isUsable() {
        return !broken && !destroyed.get() && !physical.isClosed();
    }

    private void lost(JMSException e) {
        if (broken) {
            return;
        }
        broken = true;
        LOG.warn("Tern connection {} lost ({}); the pool drops it", physical.connectionId(), e.getMessage());
        ConnectionEvent ev = new ConnectionEvent(this, ConnectionEvent.CONNECTION_ERROR_OCCURRED, e);
        for (ConnectionEventListener l : listeners) {
            l.connectionErrorOccurred(ev);
        }
    }

    // ---- what handles use ----

    /**
     * The physical session for a handle's createSession: the XA session inside a JTA branch, a transacted one inside
     * a container local transaction, else one of the asked mode (a pooled session of another mode is replaced).
     */
    synchronized Session sessionFor(int askedMode) throws JMSException {
        if (inXaBranch()) {
            return xaSession;
        }
        int mode = localTransaction.active() ? Session.SESSION_TRANSACTED : askedMode;
        if (session != null && session.getAcknowledgeMode() != mode && !localTransaction.active()) {
            session.close();
            session = null;
        }
        if (session == null) {
            session = physical.createSession(mode);
        }
        return session;
    }

    synchronized Session currentSession() {
        return session;
    }

    boolean inContainerTransaction() {
        return localTransaction.active() || inXaBranch();
    }

    /** True while the transaction manager has a branch associated with this connection's XAResource (start .. end). */
    private boolean inXaBranch() {
        return ((TernXAResource) xaSession.getXAResource()).current() != null;
    }

    void handleClosed(ConnectionHandle h) {
        handles.remove(h);
        ConnectionEvent ev = new ConnectionEvent(this, ConnectionEvent.CONNECTION_CLOSED);
        ev.setConnectionHandle(h);
        for (ConnectionEventListener l : listeners) {
            l.connectionClosed(ev);
        }
    }

    /** After the container's commit or rollback: a session no handle uses any more is closed. */
    synchronized void transactionEnded() {
        if (handles.isEmpty()) {
            closeSession();
        }
    }

    private void closeSession() {
        Session s = session;
        session = null;
        if (s != null) {
            try {
                s.close(); // closes its producers and consumers, returns their prefetched leases
            } catch (JMSException e) {
                LOG.debug("closing the pooled session of Tern connection {} failed", physical.connectionId(), e);
            }
        }
    }

    // ---- ManagedConnection ----

    @Override
    public Object getConnection(Subject subject, ConnectionRequestInfo info) throws ResourceException {
        if (!isUsable()) {
            throw new ResourceAdapterInternalException("Tern connection " + physical.connectionId() + " is lost; ask the pool for another");
        }
        ConnectionHandle h = new ConnectionHandle(this);
        handles.add(h);
        return h;
    }

    @Override
    public void associateConnection(Object connection) throws ResourceException {
        if (!(connection instanceof ConnectionHandle h)) {
            throw new ResourceException("not a Tern connection handle: " + (connection == null ? "null" : connection.getClass().getName()));
        }
        TernManagedConnection old = h.managedConnection();
        if (old != this) {
            old.handles.remove(h);
            h.reassign(this);
            handles.add(h);
        }
    }

    @Override
    public synchronized void cleanup() throws ResourceException {
        for (ConnectionHandle h : handles) {
            h.invalidate();
        }
        handles.clear();
        if (!localTransaction.active()) {
            closeSession();
        }
        if (physical.isStarted()) {
            try {
                physical.stop();
            } catch (JMSException e) {
                LOG.debug("stopping pooled Tern connection {} failed", physical.connectionId(), e);
            }
        }
    }

    @Override
    public synchronized void destroy() {
        if (!destroyed.compareAndSet(false, true)) {
            return;
        }
        for (ConnectionHandle h : handles) {
            h.invalidate();
        }
        handles.clear();
        session = null;
        try {
            physical.close(); // closes the XA session; a prepared branch stays on the broker for the transaction manager
        } catch (JMSException | RuntimeException e) {
            LOG.debug("closing Tern connection {} failed", physical.connectionId(), e);
        }
    }

    @Override
    public void addConnectionEventListener(ConnectionEventListener l) {
        listeners.add(l);
    }

    @Override
    public void removeConnectionEventListener(ConnectionEventListener l) {
        listeners.remove(l);
    }

    /** The XA session's two-phase resource: the same object for this managed connection's whole life. */
    @Override
    public XAResource getXAResource() {
        return xaSession.getXAResource();
    }

    @Override
    public LocalTransaction getLocalTransaction() {
        return localTransaction;
    }

    @Override
    public ManagedConnectionMetaData getMetaData() {
        return new ManagedConnectionMetaData() {
            @Override
            public String getEISProductName() {
                return "Tern";
            }

            @Override
            public String getEISProductVersion() {
                try {
                    return physical.getMetaData().getProviderVersion();
                } catch (JMSException e) {
                    return "unknown";
                }
            }

            @Override
            public int getMaxConnections() {
                return 0; // no limit of the adapter's own
            }

            @Override
            public String getUserName() {
                return login.user();
            }
        };
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public String toString() {
        return "TernManagedConnection[" + physical.connectionId() + ", " + login + (broken ? ", lost" : "") + "]";
    }
}
