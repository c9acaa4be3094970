package io.tern.ra.inbound;

import io.tern.jms.TernDestination;
import io.tern.jms.internal.connection.TernConnection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageListener;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import jakarta.resource.spi.UnavailableException;
import jakarta.resource.spi.endpoint.MessageEndpoint;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.Work;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One session of an MDB activation, run as long-running WorkManager work: receive, call the endpoint's
 * {@code onMessage}, then commit the session's transaction (the ack). An exception from {@code onMessage} (or from the
 * container around it) rolls it back: the engine delivers the message again with its back-off, and after its maximum
 * deliveries moves it to the group's dead-letter queue.
 *
 * <p>The session is transacted locally, so for a container-managed-transaction MDB the ack is not part of the MDB's
 * JTA transaction: a {@code setRollbackOnly} without an exception still acks (TODO(issue 8): XA delivery through
 * {@code createEndpoint(xaResource)} once jms-client has an XAResource). Bean-managed and non-transacted MDBs ack
 * after onMessage returns, as the spec says.
 *
 * <p>Thread rules: {@link #run()} on one WorkManager thread; {@link #release()} and {@link #awaitDone} from others.
 */
final class SessionWorker implements Work {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWorker.class);
    /** How long a receive waits before it looks at {@link #released} again. */
    static final long RECEIVE_MILLIS = 1_000;

    private final Activation activation;
    private final TernConnection connection;
    private final TernDestination destination;
    private final TernActivationSpec spec;
    private final MessageEndpointFactory factory;
    private final int index;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean released;
    private volatile boolean started;

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
        MessageEndpoint endpoint = null;
        try (Session session = connection.createSession(Session.SESSION_TRANSACTED);
             MessageConsumer consumer = consumer(session)) {
            while (!released) {
                Message m = consumer.receive(RECEIVE_MILLIS);
                if (m == null) {
                    continue;
                }
                if (endpoint == null) {
                    endpoint = factory.createEndpoint(null);
                }
                boolean ok = false;
                try {
                    ((MessageListener) endpoint).onMessage(m);
                    ok = true;
                } catch (RuntimeException | Error e) {
                    LOG.warn("MDB {} threw on message {} (delivery {}): {}; it is delivered again", factory.getActivationName(),
                            m.getJMSMessageID(), deliveryCount(m), e.toString());
                    endpoint.release(); // the container discarded the bean instance
                    endpoint = null;
                }
                if (ok) {
                    session.commit();
                } else {
                    session.rollback();
                }
            }
        } catch (JMSException e) {
            if (!released) {
                LOG.warn("session {} of MDB activation {} failed: {}", index, factory.getActivationName(), e.getMessage());
                activation.workerFailed(connection, e);
            }
        } catch (UnavailableException e) {
            LOG.warn("the container has no endpoint for MDB activation {}: {}; retrying with back-off", factory.getActivationName(), e.getMessage());
            activation.workerFailed(connection, new JMSException("no endpoint: " + e.getMessage()));
        } finally {
            if (endpoint != null) {
                endpoint.release();
            }
            done.countDown();
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
