package io.tern.ra.inbound;

import io.tern.jms.TernDestination;
import io.tern.jms.TernQueue;
import io.tern.jms.TernTopic;
import io.tern.jms.internal.connection.TernConnection;
import io.tern.jms.internal.settings.FactorySettings;
import io.tern.jms.internal.xa.TernXAConnection;
import io.tern.ra.TernResourceAdapter;
import io.tern.ra.outbound.TernConnectionFactoryHandle;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkException;
import jakarta.resource.spi.work.WorkManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.TimeUnit;

/**
 * One MDB's consumption: a Tern connection and {@code maxSession} {@link SessionWorker}s running as WorkManager work,
 * each with its own session and consumer (so at most {@code maxSession} onMessage calls at once).
 *
 * <p>Broker down: connecting is tried on the adapter's timer with {@link Backoff} (1 s doubling to 30 s), logged at
 * WARN with the next delay; a connection lost later (its ExceptionListener) stops the workers, closes it and tries
 * again the same way. Activation never fails for an unreachable broker, and never spins.
 *
 * <p>Stop: no new connection attempt; the workers finish the onMessage in flight (waited for up to the
 * connection's closeTimeout), then the connection closes.
 *
 * <p>Thread rules: connect/lost/stop are serialized by this object's monitor; workers run on WorkManager threads.
 */
public final class Activation {
    private static final Logger LOG = LoggerFactory.getLogger(Activation.class);

    private final TernResourceAdapter adapter;
    private final MessageEndpointFactory factory;
    private final TernActivationSpec spec;
    private final WorkManager workManager;
    private final Timer timer;
    private final Backoff backoff = new Backoff();
    private boolean stopped;
    private TernConnection connection;
    private final List<SessionWorker> workers = new ArrayList<>();
    private TimerTask pending;

    public Activation(TernResourceAdapter adapter, MessageEndpointFactory factory, TernActivationSpec spec, WorkManager workManager, Timer timer) {
        this.adapter = adapter;
        this.factory = factory;
        this.spec = spec;
        this.workManager = workManager;
        this.timer = timer;
    }

    public synchronized void start() {
        schedule(0);
    }

    private synchronized void schedule(long delayMillis) {
        if (stopped) {
            return;
        }
        pending = new TimerTask() {
            @Override
            public void run() {
                connect();
            }
        };
        timer.schedule(pending, delayMillis);
    }

    private synchronized void connect() {
        if (stopped || connection != null) {
            return;
        }
        FactorySettings settings = null;
        try {
            settings = settings();
            TernDestination destination = destination();
            // an XA connection: its plain sessions serve bean-managed and non-transacted MDBs, its XA sessions CMT ones
            TernConnection c = TernXAConnection.openXa(settings, settings.user(), settings.password());
            connection = c;
            c.setExceptionListener(e -> lost(c, e));
            int sessions = sessionsFor(destination);
            for (int i = 0; i < sessions; i++) {
                SessionWorker w = new SessionWorker(this, c, destination, spec, factory, i);
                workers.add(w);
                workManager.scheduleWork(w, WorkManager.INDEFINITE, null, null);
            }
            c.start();
            backoff.reset();
            LOG.info("Tern MDB activation {} consuming {} with {} session(s) from {}", factory.getActivationName(), destination.toUri(),
                    sessions, settings.nameServers());
        } catch (JMSException | WorkException | NamingException | RuntimeException e) {
            long delay = backoff.next();
            LOG.warn("Tern MDB activation {} ({}) cannot consume from {}: {}; trying again in {} ms", factory.getActivationName(), spec,
                    settings == null ? "?" : settings.nameServers(), e.getMessage(), delay);
            teardown();
            schedule(delay);
        }
    }

    /** One session for an unshared topic subscription (more would each get every message), else maxSession. */
    private int sessionsFor(TernDestination d) {
        if (!d.isQueue() && !spec.isShared()) {
            if (spec.getMaxSession() > 1) {
                LOG.info("Tern MDB activation {}: an unshared topic subscription has one session (maxSession {} ignored; "
                        + "set shareSubscriptions=true for more)", factory.getActivationName(), spec.getMaxSession());
            }
            return 1;
        }
        return spec.getMaxSession();
    }

    private FactorySettings settings() throws NamingException {
        return settingsOf(adapter, spec);
    }

    /**
     * The settings an activation of {@code spec} connects with: those of the connection factory it names
     * ({@code connectionFactoryLookup}), else its own over the adapter's. Recovery uses the same, so it logs in as
     * the MDB's branches were made.
     */
    public static FactorySettings settingsOf(TernResourceAdapter adapter, TernActivationSpec spec) throws NamingException {
        String cfLookup = spec.getConnectionFactoryLookup();
        if (cfLookup == null) {
            return spec.settings(adapter);
        }
        Object cf = new InitialContext().lookup(cfLookup);
        if (cf instanceof TernConnectionFactoryHandle h) {
            return h.settings();
        }
        if (cf instanceof io.tern.jms.TernConnectionFactory t) {
            return t.settings();
        }
        throw new IllegalArgumentException("connectionFactoryLookup " + cfLookup + " names a " + (cf == null ? "null" : cf.getClass().getName())
                + ", not a Tern connection factory");
    }

    private TernDestination destination() throws NamingException, JMSException {
        if (spec.getDestinationLookup() != null) {
            Object d = new InitialContext().lookup(spec.getDestinationLookup());
            if (!(d instanceof Destination dest)) {
                throw new IllegalArgumentException("destinationLookup " + spec.getDestinationLookup() + " names a "
                        + (d == null ? "null" : d.getClass().getName()) + ", not a jakarta.jms.Destination");
            }
            return TernDestination.of(dest);
        }
        return spec.topicType() ? new TernTopic(spec.getDestination()) : new TernQueue(spec.getDestination());
    }

    private void lost(TernConnection c, JMSException e) {
        synchronized (this) {
            if (stopped || connection != c) {
                return;
            }
            long delay = backoff.next();
            LOG.warn("Tern MDB activation {} lost its connection ({}); reconnecting in {} ms", factory.getActivationName(), e.getMessage(), delay);
            teardown();
            schedule(delay);
        }
    }

    /** Stops the workers and closes the connection; under the monitor. */
    private void teardown() {
        for (SessionWorker w : workers) {
            w.release();
        }
        TernConnection c = connection;
        connection = null;
        long wait = c == null ? 0 : c.settings().closeTimeoutMillis();
        for (SessionWorker w : workers) {
            if (!w.awaitDone(wait, TimeUnit.MILLISECONDS)) {
                LOG.warn("Tern MDB activation {}: an onMessage call did not finish within {} ms", factory.getActivationName(), wait);
            }
        }
        workers.clear();
        if (c != null) {
            try {
                c.close();
            } catch (JMSException | RuntimeException e) {
                LOG.debug("closing the connection of activation {} failed", factory.getActivationName(), e);
            }
        }
    }

    /** endpointDeactivation: waits for the onMessage calls in flight, then closes. */
    public void stop() {
        synchronized (this) {
            stopped = true;
            if (pending != null) {
                pending.cancel();
            }
            teardown();
        }
        LOG.info("Tern MDB activation {} stopped", factory.getActivationName());
    }

    /** A worker's session failed: handled like a lost connection, on the timer thread (the worker must not wait for itself). */
    void workerFailed(TernConnection c, JMSException e) {
        timer.schedule(new TimerTask() {
            @Override
            public void run() {
                lost(c, e);
            }
        }, 0);
    }
}
