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

    public FakeContainer(Consumer<Message> mdb) {
        this.mdb = mdb;
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
        return new Endpoint();
    }

    @Override
    public MessageEndpoint createEndpoint(XAResource xaResource, long timeout) {
        return new Endpoint();
    }

    @Override
    public boolean isDeliveryTransacted(Method method) {
        return false;
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
        @Override
        public void onMessage(Message m) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                mdb.accept(m);
            } finally {
                inFlight.decrementAndGet();
            }
        }

        @Override
        public void beforeDelivery(Method method) {
        }

        @Override
        public void afterDelivery() {
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
