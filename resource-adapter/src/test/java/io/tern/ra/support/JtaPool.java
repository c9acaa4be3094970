package io.tern.ra.support;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.ValidatingManagedConnectionFactory;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection manager that pools like a server with XA transaction support: a connection allocated inside a JTA
 * transaction of {@code tm} (Narayana in the tests) gets its managed connection's XAResource enlisted in that
 * transaction, every allocation of the same transaction shares that managed connection (as servers track by
 * transaction), and it goes back to the pool when the transaction completes, not when the handle closes. Outside a
 * transaction it behaves like {@link TestPool}: cleanup on CONNECTION_CLOSED, destroy on CONNECTION_ERROR_OCCURRED,
 * validation before reuse.
 *
 * <p>Thread rules: any thread; the state is guarded by {@code this}.
 */
public final class JtaPool implements ConnectionManager {
    private static final long serialVersionUID = 1L;

    private final transient TransactionManager tm;
    private final List<ManagedConnection> idle = new ArrayList<>();
    private final Set<ManagedConnection> all = new HashSet<>();
    private final Map<Transaction, ManagedConnection> enlisted = new HashMap<>();
    private final Set<ManagedConnection> closedInTx = new HashSet<>();
    public final AtomicInteger created = new AtomicInteger();
    public final AtomicInteger errors = new AtomicInteger();

    public JtaPool(TransactionManager tm) {
        this.tm = tm;
    }

    @Override
    public synchronized Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info) throws ResourceException {
        Transaction tx = activeTransaction();
        ManagedConnection mc = tx == null ? null : enlisted.get(tx);
        if (mc == null) {
            mc = idleOrNew(mcf, info);
            if (tx != null) {
                enlist(tx, mc);
            }
        }
        return mc.getConnection(null, info);
    }

    private Transaction activeTransaction() throws ResourceException {
        try {
            Transaction tx = tm.getTransaction();
            return tx != null && tx.getStatus() == Status.STATUS_ACTIVE ? tx : null;
        } catch (SystemException e) {
            throw new ResourceException(e);
        }
    }

    private void enlist(Transaction tx, ManagedConnection mc) throws ResourceException {
        try {
            enlisted.put(tx, mc);
            if (!tx.enlistResource(mc.getXAResource())) {
                throw new ResourceException("the transaction manager refused to enlist " + mc);
            }
            tx.registerSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    completed(tx);
                }
            });
        } catch (jakarta.transaction.RollbackException | SystemException e) {
            enlisted.remove(tx);
            throw new ResourceException("enlisting " + mc + " failed: " + e, e);
        }
    }

    private ManagedConnection idleOrNew(ManagedConnectionFactory mcf, ConnectionRequestInfo info) throws ResourceException {
        if (!idle.isEmpty()) {
            if (mcf instanceof ValidatingManagedConnectionFactory v) {
                for (Object o : v.getInvalidConnections(new HashSet<>(idle))) {
                    broken((ManagedConnection) o);
                }
            }
            ManagedConnection mc = mcf.matchManagedConnections(new HashSet<>(idle), null, info);
            if (mc != null) {
                idle.remove(mc);
                return mc;
            }
        }
        ManagedConnection mc = mcf.createManagedConnection(null, info);
        created.incrementAndGet();
        all.add(mc);
        mc.addConnectionEventListener(new ConnectionEventListener() {
            @Override
            public void connectionClosed(ConnectionEvent e) {
                returned(mc);
            }

            @Override
            public void connectionErrorOccurred(ConnectionEvent e) {
                errors.incrementAndGet();
                broken(mc);
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
        return mc;
    }

    private synchronized void returned(ManagedConnection mc) {
        if (enlisted.containsValue(mc)) {
            closedInTx.add(mc); // back to the pool when its transaction completes
            return;
        }
        if (!all.contains(mc)) {
            return;
        }
        try {
            mc.cleanup();
            idle.add(mc);
        } catch (ResourceException e) {
            broken(mc);
        }
    }

    private synchronized void completed(Transaction tx) {
        ManagedConnection mc = enlisted.remove(tx);
        if (mc != null && closedInTx.remove(mc)) {
            returned(mc);
        }
    }

    private synchronized void broken(ManagedConnection mc) {
        idle.remove(mc);
        all.remove(mc);
        try {
            mc.destroy();
        } catch (ResourceException e) {
            // gone
        }
    }

    public synchronized int size() {
        return all.size();
    }

    public synchronized int idle() {
        return idle.size();
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
