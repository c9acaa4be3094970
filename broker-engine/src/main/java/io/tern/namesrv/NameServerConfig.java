package io.tern.namesrv;

import io.tern.acl.Login;
import io.tern.remoting.ServerLimits;

import java.nio.file.Files;
import java.nio.file.Path;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Every setting of a {@link NameServer}: name, default, unit and meaning in one place. Built and validated by
 * {@link Builder#build()}; an invalid value fails there, naming the setting, the value and the limit. Immutable.
 */
public final class NameServerConfig {
    /** Loopback: a NameServer is reachable from other hosts only when the operator says so. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** RocketMQ's NameServer port, so existing firewall rules and habits carry over. */
    public static final int DEFAULT_PORT = 9876;
    /**
     * A broker silent for longer than this is dropped: 4 heartbeats of {@link BrokerRegistrar#DEFAULT_INTERVAL} (30 s)
     * missed in a row. One lost heartbeat, a slow NameServer or a full GC of a minute does not take a live broker out of
     * the routes; a dead one that did not close its connection leaves them within 120 s plus one scan interval.
     */
    public static final Duration DEFAULT_BROKER_EXPIRY = Duration.ofSeconds(120);
    /** How often silent brokers are looked for: adds at most 10 s (8%) to the 120 s expiry for a scan of a few hundred entries. */
    public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofSeconds(10);

    private final String host;
    private final int port;
    private final Duration brokerExpiry;
    private final Duration scanInterval;
    private final InstantSource clock;
    private final boolean manualAgents;
    private final Path aclFile;
    private final Login embeddedBrokerLogin;
    private final ServerLimits serverLimits;

    private NameServerConfig(Builder b) {
        serverLimits = new ServerLimits(b.handshakeTimeout, b.maxConnections, b.loginThreads, b.loginQueuePerUser);
        host = b.host;
        port = b.port;
        brokerExpiry = b.brokerExpiry;
        scanInterval = b.scanInterval;
        clock = b.clock;
        manualAgents = b.manualAgents;
        aclFile = b.aclFile;
        embeddedBrokerLogin = b.embeddedBrokerLogin;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The address to bind. */
    public String host() { return host; }
    /** The port to listen on; 0 picks an ephemeral one (see {@link NameServer#port()}). */
    public int port() { return port; }
    public Duration brokerExpiry() { return brokerExpiry; }
    public Duration scanInterval() { return scanInterval; }
    /** The source of heartbeat times and of the expiry scan's "now". */
    public InstantSource clock() { return clock; }
    /** True when the expiry scan gets no thread: a test drives it through {@link NameServer#runAgentsOnce()}. */
    public boolean manualAgents() { return manualAgents; }
    /** Users and rules (the broker's file format, see {@code AclFile}); null = no access control, with a warning at start. */
    public Path aclFile() { return aclFile; }
    /**
     * A login that exists only in this process's memory and may register brokers of any cluster, checked before the
     * ACL file: how {@code tern standalone --acl} lets its own broker in without a line in the file. Null = none.
     */
    public Login embeddedBrokerLogin() { return embeddedBrokerLogin; }
    /** Handshake timeout, connection limit and login queue of the NameServer's port. */
    public ServerLimits serverLimits() { return serverLimits; }

    /** Collects settings; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private Duration brokerExpiry = DEFAULT_BROKER_EXPIRY;
        private Duration scanInterval = DEFAULT_SCAN_INTERVAL;
        private InstantSource clock = InstantSource.system();
        private boolean manualAgents;
        private Path aclFile;
        private Login embeddedBrokerLogin;
        private Duration handshakeTimeout = ServerLimits.DEFAULT_HANDSHAKE_TIMEOUT;
        private int maxConnections = ServerLimits.DEFAULT_MAX_CONNECTIONS;
        private int loginThreads = ServerLimits.DEFAULT_LOGIN_THREADS;
        private int loginQueuePerUser = ServerLimits.DEFAULT_LOGIN_QUEUE_PER_USER;

        private Builder() {
        }

        public Builder host(String host) { this.host = Objects.requireNonNull(host, "host"); return this; }
        public Builder port(int port) { this.port = port; return this; }
        public Builder brokerExpiry(Duration d) { this.brokerExpiry = Objects.requireNonNull(d, "brokerExpiry"); return this; }
        public Builder scanInterval(Duration d) { this.scanInterval = Objects.requireNonNull(d, "scanInterval"); return this; }
        public Builder clock(InstantSource clock) { this.clock = Objects.requireNonNull(clock, "clock"); return this; }
        public Builder manualAgents(boolean manual) { this.manualAgents = manual; return this; }
        public Builder aclFile(Path file) { this.aclFile = file; return this; }
        public Builder embeddedBrokerLogin(Login login) { this.embeddedBrokerLogin = login; return this; }
        public Builder handshakeTimeout(Duration d) { this.handshakeTimeout = Objects.requireNonNull(d, "handshakeTimeout"); return this; }
        public Builder maxConnections(int n) { this.maxConnections = n; return this; }
        public Builder loginThreads(int n) { this.loginThreads = n; return this; }
        public Builder loginQueuePerUser(int n) { this.loginQueuePerUser = n; return this; }

        public NameServerConfig build() {
            require(!host.isBlank(), "host", "'" + host + "'", "a host name or IP address");
            require(port >= 0 && port <= 65535, "port", port, "in [0, 65535] (0 = ephemeral)");
            require(brokerExpiry.toMillis() >= 1, "brokerExpiry", brokerExpiry, "at least 1 ms");
            require(scanInterval.toMillis() >= 1, "scanInterval", scanInterval, "at least 1 ms");
            require(scanInterval.compareTo(brokerExpiry) <= 0, "scanInterval", scanInterval,
                    "at most brokerExpiry (" + brokerExpiry + "), else a dead broker may stay in the routes for over twice the expiry");
            require(aclFile == null || Files.isReadable(aclFile), "aclFile", aclFile, "a readable file");
            require(embeddedBrokerLogin == null || aclFile != null, "embeddedBrokerLogin", embeddedBrokerLogin,
                    "unset without an aclFile: a NameServer without one takes every broker and needs no login");
            return new NameServerConfig(this);
        }

        private static void require(boolean ok, String name, Object value, String limit) {
            if (!ok) {
                throw new IllegalArgumentException("NameServer setting " + name + " = " + value + " is invalid: must be " + limit);
            }
        }
    }
}
