package io.tern.ra.support;

import jakarta.jms.Message;
import jakarta.jms.MessageListener;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.XATerminator;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.ExecutionContext;
import jakarta.resource.spi.work.Work;
import jakarta.resource.spi.work.WorkContext;
import jakarta.resource.spi.work.WorkListener;
import jakarta.resource.spi.work.WorkManager;
import jakarta.resource.ResourceException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.NotSupportedException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

import javax.transaction.xa.XAResource;
import java.lang.reflect.Method;
import java.util.Timer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What a server gives the adapter for inbound delivery, in the test JVM: a BootstrapContext whose WorkManager runs
 * work on a cached thread pool, and a MessageEndpointFactory whose endpoints call {@code onMessage} (the "MDB").
 * It counts concurrent onMessage calls and the most seen at once.
 *
 * <p>Made with a {@link TransactionManager} it plays a container-managed-transaction MDB: delivery is transacted,
 * {@code beforeDelivery} begins a transaction and enlists the XAResource given to {@code createEndpoint},
 * {@code onMessage} marks it rollback-only when the bean throws (and rethrows, as an EJB container does), and
 * {@code afterDelivery} commits it or rolls it back. The bean may call {@code tm.setRollbackOnly()} itself.
 */
public final class FakeContainer implements BootstrapContext, WorkManager, MessageEndpointFactory, AutoCloseable {
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-workmanager");
        t.setDaemon(true);
        return t;
    });
    private final Consumer<Message> mdb;
    public final AtomicInteger inFlight = new AtomicInteger();
    public final AtomicInteger maxInFlight = new AtomicInteger();
    public final AtomicInteger endpointsReleased = new AtomicInteger();
    public final AtomicInteger committed = new AtomicInteger();
    public final AtomicInteger rolledBack = new AtomicInteger();
    private final TransactionManager tm;

    public FakeContainer(Consumer<Message> mdb) {
        this(mdb, null);
    }

    public FakeContainer(Consumer<Message> mdb, TransactionManager tm) {
        this.mdb = mdb;
        this.tm = tm;
    }

    // ---- BootstrapContext ----
    @Override
    public WorkManager getWorkManager() {
        return this;
    }

    @Override
    public XATerminator getXATerminator() {
        return null;
    }

    @Override
    public Timer createTimer() {
        return new Timer("fake-container-timer", true);
    }

    @Override
    public boolean isContextSupported(Class<? extends WorkContext> workContextClass) {
        return false;
    }

    @Override
    public TransactionSynchronizationRegistry getTransactionSynchronizationRegistry() {
        return null;
    }

    // ---- WorkManager ----
    @Override
    public void doWork(Work work) {
        work.run();
    }

    @Override
    public void doWork(Work work, long startTimeout, ExecutionContext ctx, WorkListener l) {
        work.run();
    }

    @Override
    public long startWork(Work work) {
        threads.execute(work);
        return 0;
    }

    @Override
    public long startWork(Work work, long startTimeout, ExecutionContext ctx, WorkListener l) {
        threads.execute(work);
        return 0;
    }

    @Override
    public void scheduleWork(Work work) {
        threads.execute(work);
    }

    @Override
    public void scheduleWork(Work work, long startTimeout, ExecutionContext ctx, WorkListener l) {
        threads.execute(work);
    }

    // ---- MessageEndpointFactory ----
    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource) {
        return new Endpoint(xaResource);
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
        return new Endpoint(xaResource);
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return tm != null;
    }

    @Override
    public String getActivationName() {
        return "FakeMdb";
    }

    @Override
    public Class<?> getEndpointClass() {
        return Endpoint.class;
    }

    private final class Endpoint implements MessageEndpoint, MessageListener {
        private final XAResource xa;

        Endpoint(XAResource xa) {
            this.xa = xa;
        }

        @Override
        public void onMessage(Message m) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                mdb.accept(m);
            } catch (RuntimeException e) {
                if (tm != null) {
                    try {
                        tm.setRollbackOnly();
                    } catch (SystemException | IllegalStateException ex) {
                        e.addSuppressed(ex);
                    }
                }
                throw e;
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void beforeDelivery(Method method) throws ResourceException {
            if (tm == null) {
                return;
            }
            if (xa == null) {
                throw new ResourceException("a transacted delivery needs the XAResource given to createEndpoint");
            }
            try {
                tm.begin();
                tm.getTransaction().enlistResource(xa);
            } catch (NotSupportedException | SystemException | RollbackException e) {
                throw new ResourceException(e);
            }
        }

        @Override
        public void afterDelivery() throws ResourceException {
            if (tm == null) {
                return;
            }
            try {
                if (tm.getStatus() == Status.STATUS_MARKED_ROLLBACK) {
                    tm.rollback();
                    rolledBack.incrementAndGet();
                } else {
                    tm.commit();
                    committed.incrementAndGet();
                }
            } catch (SystemException | RollbackException | HeuristicMixedException | HeuristicRollbackException e) {
                rolledBack.incrementAndGet();
                throw new ResourceException(e);
            }
        }

        @Override
        public void release() {
            endpointsReleased.incrementAndGet();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
