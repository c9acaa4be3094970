package io.tern.namesrv;

import io.tern.acl.AclFile;
import io.tern.namesrv.internal.BrokerExpiryAgent;
import io.tern.namesrv.internal.NameServerAccessPolicy;
import io.tern.namesrv.internal.NameServerHandlers;
import io.tern.namesrv.internal.RouteTable;
import io.tern.protocol.FrameDescriptor;
import io.tern.remoting.RemotingServer;
import io.tern.store.internal.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A NameServer: brokers register their topics with it every 30 s ({@link BrokerRegistrar}); clients ask it where a
 * topic lives. It keeps nothing on disk and talks to no other NameServer: every broker registers with all of them,
 * so any one can answer (docs/namesrv.md).
 *
 * <p>Threads: Netty event loops decode and hand requests to {@value #HANDLER_THREADS} handler threads (the work is a
 * map lookup under a lock); one agent thread scans for silent brokers every {@link NameServerConfig#scanInterval()},
 * or none with {@link NameServerConfig#manualAgents()}. Every public method from any thread.
 *
 * <p>Access: with {@link NameServerConfig#aclFile()} logins are checked in the handshake and every request against
 * the file (see {@code NameServerAccessPolicy}); without one anyone who reaches the port may register brokers and
 * read routes, and a warning says so at start.
 */
public final class NameServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NameServer.class);
    /** Every request is a few microseconds of in-memory work; two threads keep up with thousands per second. */
    static final int HANDLER_THREADS = 2;
    /**
     * Requests waiting for a handler before new ones get SYSTEM_BUSY. Brokers register and clients poll routes every
     * 30 s, so 10,000 clients are ~330 requests/s; 4096 absorbs all of a large fleet reconnecting at once.
     */
    static final int HANDLER_QUEUE_CAPACITY = 4096;
    private static final String SERVER_ID = "namesrv";

    private final NameServerConfig config;
    private final BrokerExpiryAgent expiry;
    private final ThreadPoolExecutor handlers;
    private final RemotingServer server;
    private final AgentRunner expiryRunner;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NameServer(NameServerConfig config) {
        this.config = config;
        AclFile acl = config.aclFile() == null ? null : AclFile.load(config.aclFile()); // first: a bad file fails before anything is made
        RouteTable table = new RouteTable(config.clock(), config.brokerExpiry());
        this.expiry = new BrokerExpiryAgent(table, config.clock(), config.scanInterval());
        this.handlers = handlerPool();
        this.server = new RemotingServer(config.host(), config.port(), FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, SERVER_ID,
                config.serverLimits());
        new NameServerHandlers(table).registerWith(server, handlers);
        if (acl != null) {
            server.accessPolicy(new NameServerAccessPolicy(acl, config.embeddedBrokerLogin()));
        }
        // park a tenth of the interval between checks, so a scan comes at most 10% late
        this.expiryRunner = config.manualAgents() ? null
                : new AgentRunner(expiry, Math.max(1, config.scanInterval().toNanos() / 10), SERVER_ID);
    }

    /** Starts a NameServer listening on {@code config}'s host and port. */
    public static NameServer start(NameServerConfig config) {
        NameServer ns = new NameServer(config);
        try {
            ns.server.start();
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
        if (ns.expiryRunner != null) {
            ns.expiryRunner.start();
        }
        if (config.aclFile() == null) {
            LOG.warn("NameServer {} has no ACL file: anyone who reaches it may register brokers and read every route;"
                    + " give one (--acl FILE) to control access", ns.address());
        }
        return ns;
    }

    public NameServerConfig config() {
        return config;
    }

    /** The port it listens on: the configured one, or the ephemeral one chosen for port 0. */
    public int port() {
        return server.port();
    }

    /** {@code host:port}, as brokers and clients name it. */
    public String address() {
        return server.address();
    }

    /**
     * With {@link NameServerConfig#manualAgents()}: runs the expiry scan's {@code doWork()} once (it scans only if
     * a scan interval has passed on the configured clock) and returns how many brokers it dropped.
     */
    public int runAgentsOnce() {
        if (expiryRunner != null) {
            throw new IllegalStateException("runAgentsOnce() drives agents only in manualAgents mode; the expiry scan runs on its own thread");
        }
        return expiry.doWork();
    }

    /** Stops listening (closing every connection), then the handlers and the expiry scan. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } finally {
            handlers.shutdownNow();
            if (expiryRunner != null) {
                expiryRunner.close();
            }
        }
    }

    private static ThreadPoolExecutor handlerPool() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(HANDLER_THREADS, HANDLER_THREADS, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(HANDLER_QUEUE_CAPACITY), r -> {
            Thread t = new Thread(r, "tern-" + SERVER_ID + "-handler-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
