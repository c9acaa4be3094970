package io.tern.ra.inbound;

import io.tern.jms.TernDestination;
import io.tern.jms.internal.connection.TernConnection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import io.tern.jms.internal.xa.TernXAConnection;
import jakarta.jms.XASession;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One session of an MDB activation, run as long-running WorkManager work. Two ways to deliver, chosen by
 * {@link MessageEndpointFactory#isDeliveryTransacted} for {@code onMessage}:
 * <ul>
 *   <li><b>Container-managed transaction (XA).</b> The session is an XA session and the endpoint is made with its
 *       XAResource ({@code createEndpoint(xaResource)}). Each delivery is {@code beforeDelivery} (the container begins
 *       the transaction and enlists the resource), {@code receive} (the message's ack is held in the branch),
 *       {@code onMessage}, {@code afterDelivery} (the container commits or rolls back). So the ack commits or rolls
 *       back with the MDB's transaction: an exception or {@code setRollbackOnly} gives the message back, the engine
 *       delivers it again with its back-off, and after its maximum deliveries moves it to the group's dead-letter
 *       queue (no redelivery storm).</li>
 *   <li><b>Bean-managed or no transaction.</b> A locally transacted session: receive, {@code onMessage}, then commit
 *       (the ack, after onMessage returns, as the spec says); an exception rolls back, with the same redelivery.</li>
 * </ul>
 * In XA mode a receive that finds nothing within {@link #XA_RECEIVE_MILLIS} ends an empty (read-only) transaction,
 * which the transaction manager completes without a log write and Tern without a broker call.
 *
 * <p>Thread rules: {@link #run()} on one WorkManager thread; {@link #release()} and {@link #awaitDone} from others
 * ({@code release} closes the consumer, which wakes a waiting receive).
 */
final class SessionWorker implements Work {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWorker.class);
    /** How long a local-mode receive waits before it looks at {@link #released} again. */
    static final long RECEIVE_MILLIS = 1_000;
    /**
     * How long an XA-mode receive waits inside its transaction: long enough that an idle session runs few empty
     * transactions (one per 5 s), far below any transaction timeout a server sets (WildFly 300 s, Payara 0 = none).
     */
    static final long XA_RECEIVE_MILLIS = 5_000;
    static final Method ON_MESSAGE;

    static {
        try {
            ON_MESSAGE = MessageListener.class.getMethod("onMessage", Message.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Activation activation;
    private final TernConnection connection;
    private final TernDestination destination;
    private final TernActivationSpec spec;
    private final MessageEndpointFactory factory;
    private final int index;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean released;
    private volatile boolean started;
    private volatile MessageConsumer consumer;
    private MessageEndpoint endpoint; // only the run() thread

    SessionWorker(Activation activation, TernConnection connection, TernDestination destination, TernActivationSpec spec,
                  MessageEndpointFactory factory, int index) {
        this.activation = activation;
        this.connection = connection;
        this.destination = destination;
        this.spec = spec;
        this.factory = factory;
        this.index = index;
    }

    @Override
    public void release() {
        released = true;
        if (!started) {
            done.countDown(); // run() has not begun: it returns at once if it ever does
        }
        MessageConsumer c = consumer;
        if (c != null) {
            try {
                c.close(); // wakes a receive; waits for a delivery in progress to leave the session's dispatch lock
            } catch (JMSException | RuntimeException e) {
                LOG.debug("closing consumer {} of MDB activation {} failed", index, factory.getActivationName(), e);
            }
        }
    }

    /** True once run() returned, or if it never will (released before it started: the WorkManager may never run it). */
    boolean awaitDone(long timeout, TimeUnit unit) {
        try {
            return done.await(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void run() {
        started = true;
        if (released) {
            done.countDown();
            return;
        }
        try {
            if (factory.isDeliveryTransacted(ON_MESSAGE)) {
                runXa();
            } else {
                runLocal();
            }
        } catch (JMSException e) {
            if (!released) {
                LOG.warn("session {} of MDB activation {} failed: {}", index, factory.getActivationName(), e.getMessage());
                activation.workerFailed(connection, e);
            }
        } catch (UnavailableException | NoSuchMethodException e) {
            LOG.warn("the container has no endpoint for MDB activation {}: {}; retrying with back-off", factory.getActivationName(), e.getMessage());
            activation.workerFailed(connection, new JMSException("no endpoint: " + e.getMessage()));
        } finally {
            if (endpoint != null) {
                endpoint.release();
                endpoint = null;
            }
            done.countDown();
        }
    }

    private void runLocal() throws JMSException, UnavailableException {
        try (Session session = connection.createSession(Session.SESSION_TRANSACTED);
             MessageConsumer c = consumer(session)) {
            consumer = c;
            while (!released) {
                Message m = c.receive(RECEIVE_MILLIS);
                if (m == null) {
                    continue;
                }
                if (endpoint == null) {
                    endpoint = factory.createEndpoint(null);
                }
                if (deliver(m)) {
                    session.commit();
                } else {
                    session.rollback();
                    discardEndpoint();
                }
            }
        }
    }

    private void runXa() throws JMSException, UnavailableException, NoSuchMethodException {
        if (!(connection instanceof TernXAConnection xc)) {
            throw new JMSException("a transacted MDB needs an XA connection; activation " + factory.getActivationName() + " has " + connection);
        }
        try (XASession session = xc.createXASession();
             MessageConsumer c = consumer(session)) {
            consumer = c;
            while (!released) {
                if (endpoint == null) {
                    endpoint = factory.createEndpoint(session.getXAResource());
                }
                deliverInTransaction(c);
            }
        }
    }

    /** One container transaction: begin, receive (the ack joins it), onMessage, commit or roll back. */
    private void deliverInTransaction(MessageConsumer c) throws JMSException, NoSuchMethodException {
        try {
            endpoint.beforeDelivery(ON_MESSAGE);
        } catch (ResourceException e) {
            throw new JMSException("the container could not begin the transaction of MDB " + factory.getActivationName() + ": " + e.getMessage());
        }
        boolean ok = true;
        try {
            Message m = c.receive(XA_RECEIVE_MILLIS);
            if (m != null) {
                ok = deliver(m);
            }
        } finally {
            afterDelivery(); // the container commits, or rolls back (an exception or setRollbackOnly marked it)
        }
        if (!ok) {
            discardEndpoint();
        }
    }

    private void afterDelivery() {
        try {
            endpoint.afterDelivery();
        } catch (ResourceException e) {
            LOG.warn("the container could not complete the transaction of MDB {}: {}; the message is delivered again",
                    factory.getActivationName(), e.getMessage());
        }
    }

    /** After onMessage threw: the container discarded the bean instance, so the next delivery gets a new endpoint. */
    private void discardEndpoint() {
        endpoint.release();
        endpoint = null;
    }

    /** Calls onMessage; false if it threw. */
    private boolean deliver(Message m) throws JMSException {
        try {
            ((MessageListener) endpoint).onMessage(m);
            return true;
        } catch (RuntimeException | Error e) {
            LOG.warn("MDB {} threw on message {} (delivery {}): {}; it is delivered again", factory.getActivationName(),
                    m.getJMSMessageID(), deliveryCount(m), e.toString());
            return false;
        }
    }

    private static int deliveryCount(Message m) {
        try {
            return m.getIntProperty("JMSXDeliveryCount");
        } catch (JMSException | RuntimeException e) {
            return -1;
        }
    }

    private MessageConsumer consumer(Session s) throws JMSException {
        String selector = spec.getMessageSelector();
        if (destination.isQueue()) {
            return s.createConsumer(destination, selector);
        }
        Topic t = (Topic) destination;
        String name = spec.getSubscriptionName();
        if (spec.isDurable()) {
            return spec.isShared() ? s.createSharedDurableConsumer(t, name, selector) : s.createDurableConsumer(t, name, selector, false);
        }
        return spec.isShared() ? s.createSharedConsumer(t, name, selector) : s.createConsumer(t, selector);
    }
}
