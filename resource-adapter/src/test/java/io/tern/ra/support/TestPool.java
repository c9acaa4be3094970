package io.tern.ra.support;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small connection manager that behaves like a server's pool: it matches idle managed connections, takes them
 * back (cleanup) on CONNECTION_CLOSED and destroys them on CONNECTION_ERROR_OCCURRED. With {@link #beginTransaction()}
 * it plays the transaction manager driving the adapter's LocalTransaction: the connections allocated are enlisted
 * (begin) and go back to the pool only at {@link #commit()} / {@link #rollback()}.
 */
public final class TestPool implements ConnectionManager {
    private static final long serialVersionUID = 1L;

    private final List<ManagedConnection> idle = new ArrayList<>();
    private final Set<ManagedConnection> all = new HashSet<>();
    private final List<ManagedConnection> enlisted = new ArrayList<>();
    private final List<ManagedConnection> closedInTx = new ArrayList<>();
    public final AtomicInteger created = new AtomicInteger();
    public final AtomicInteger errors = new AtomicInteger();
    private boolean inTx;

    @Override
    public synchronized Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info) throws ResourceException {
        ManagedConnection mc = null;
        if (inTx && !enlisted.isEmpty()) {
            mc = enlisted.get(0); // shared within the transaction, as servers do
        }
        if (mc == null && !idle.isEmpty()) {
            if (mcf instanceof ValidatingManagedConnectionFactory v) {
                Set<?> bad = v.getInvalidConnections(new HashSet<>(idle));
                for (Object o : bad) {
                    idle.remove(o);
                    all.remove(o);
                    ((ManagedConnection) o).destroy();
                }
            }
            mc = mcf.matchManagedConnections(new HashSet<>(idle), null, info);
            if (mc != null) {
                idle.remove(mc);
            }
        }
        if (mc == null) {
            mc = mcf.createManagedConnection(null, info);
            created.incrementAndGet();
            all.add(mc);
            ManagedConnection m = mc;
            mc.addConnectionEventListener(new ConnectionEventListener() {
                @Override
                public void connectionClosed(ConnectionEvent e) {
                    returned(m);
                }

                @Override
                public void connectionErrorOccurred(ConnectionEvent e) {
                    errors.incrementAndGet();
                    broken(m);
                }

                @Override
                public void localTransactionStarted(ConnectionEvent e) {
                }

                @Override
                public void localTransactionCommitted(ConnectionEvent e) {
                }

                @Override
                public void localTransactionRolledback(ConnectionEvent e) {
                }
            });
        }
        if (inTx && !enlisted.contains(mc)) {
            mc.getLocalTransaction().begin();
            enlisted.add(mc);
        }
        return mc.getConnection(null, info);
    }

    private synchronized void returned(ManagedConnection mc) {
        if (enlisted.contains(mc)) {
            closedInTx.add(mc); // back to the pool when the transaction ends
            return;
        }
        try {
            mc.cleanup();
            idle.add(mc);
        } catch (ResourceException e) {
            broken(mc);
        }
    }

    private synchronized void broken(ManagedConnection mc) {
        idle.remove(mc);
        all.remove(mc);
        enlisted.remove(mc);
        try {
            mc.destroy();
        } catch (ResourceException e) {
            // gone
        }
    }

    public synchronized void beginTransaction() {
        inTx = true;
    }

    public void commit() throws ResourceException {
        end(true);
    }

    public void rollback() throws ResourceException {
        end(false);
    }

    private synchronized void end(boolean commit) throws ResourceException {
        inTx = false;
        for (ManagedConnection mc : enlisted) {
            if (commit) {
                mc.getLocalTransaction().commit();
            } else {
                mc.getLocalTransaction().rollback();
            }
        }
        List<ManagedConnection> back = new ArrayList<>(closedInTx);
        enlisted.clear();
        closedInTx.clear();
        for (ManagedConnection mc : back) {
            returned(mc);
        }
    }

    public synchronized int size() {
        return all.size();
    }

    public synchronized void close() {
        for (ManagedConnection mc : all) {
            try {
                mc.destroy();
            } catch (ResourceException e) {
                // gone
            }
        }
        all.clear();
        idle.clear();
    }
}
