package io.tern.broker;

import io.tern.acl.Login;
import io.tern.protocol.FrameDescriptor;
import io.tern.remoting.ServerLimits;
import io.tern.store.StoreConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Every setting of a broker, validated by {@link Builder#build()} before anything starts.
 *
 * @param cluster          the cluster this broker belongs to
 * @param brokerName       its broker group (master and slaves share it)
 * @param brokerId         0 for the master, greater for slaves
 * @param host             the address to listen on (127.0.0.1 by default: exposing a broker is an explicit choice)
 * @param port             the port to listen on (10911 by default; 0 = ephemeral, for tests)
 * @param nameServers      NameServer addresses to register with, host:port each
 * @param autoCreateTopics create a topic on its first send (on in standalone)
 * @param defaultQueues    queues of an auto-created topic
 * @param store            the store's settings; its data directory holds the broker's files too
 * @param handlerThreads   threads that run request handlers (never the Netty loops)
 * @param maxFrameSize     largest frame accepted, and sent: pull and receive answers stop adding messages
 *                         {@code FrameDescriptor.HEADROOM} below it; at least maxMessageSize + that headroom
 * @param maxPullWait      longest a pull may be held waiting for messages
 * @param registerInterval how often to register with the NameServers (their expiry is four missed registrations)
 * @param clock            the broker's clock
 * @param retry            when a failed message comes back, and when it goes to the dead-letter queue instead
 * @param aclFile          users, passwords and permissions (see {@code AclFile}); null = no access control (anonymous, with a warning)
 * @param maxDelay         the longest delivery delay a send may ask for (30 days by default); longer is refused
 * @param delayLevels      the named delay levels, level n = element n-1 (RocketMQ's 18 by default)
 * @param timerRollAge     a scheduled message whose schedule record is older than this is re-appended to the
 *                         schedule topic, so that retention never deletes it before it is due (24 h by default;
 *                         must be below the store's retention)
 * @param expiryTopic      where expired messages are routed (same id), or null to only count them
 * @param transactions     check-back, parking and retention of transactions
 * @param nameServerLogin  the user and password this broker presents to NameServers with an ACL file (it needs
 *                         {@code admin cluster:CLUSTER} there); null = anonymous
 * @param serverLimits     handshake timeout, connection limit and login queue of the broker's port
 * @param maxTransactionsPerConnection open transactions one connection may work on at once; a new one beyond is refused
 * @param memberExpiry     a group member silent this long is removed (clients heartbeat every 10 s)
 */
public record BrokerConfig(String cluster, String brokerName, long brokerId, String host, int port, List<String> nameServers,
                           boolean autoCreateTopics, int defaultQueues, StoreConfig store, int handlerThreads,
                           int maxFrameSize, Duration maxPullWait, Duration registerInterval, InstantSource clock,
                           RetryPolicy retry, Path aclFile, Duration maxDelay, List<Duration> delayLevels, Duration timerRollAge,
                           String expiryTopic, TransactionSettings transactions, Login nameServerLogin,
                           ServerLimits serverLimits, int maxTransactionsPerConnection, Duration memberExpiry) {
    public static final int DEFAULT_PORT = 10911;
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofDays(30);
    public static final Duration DEFAULT_MAX_PULL_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_REGISTER_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMER_ROLL_AGE = Duration.ofHours(24);
    /**
     * An XA client keeps one branch open per session and a local one per transacted session: 1,024 covers a server's
     * session pool many times, while a client opening transactions it never ends stops there instead of growing the
     * broker's transaction table (each open one is memory, journal records and a check-back) without bound.
     */
    public static final int DEFAULT_MAX_TRANSACTIONS_PER_CONNECTION = 1024;
    /** Clients heartbeat every 10 s: three missed beats and the member is gone. */
    public static final Duration DEFAULT_MEMBER_EXPIRY = Duration.ofSeconds(30);
    /** RocketMQ's levels: 1s 5s 10s 30s 1m 2m 3m 4m 5m 6m 7m 8m 9m 10m 20m 30m 1h 2h. */
    public static final List<Duration> DEFAULT_DELAY_LEVELS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3),
            Duration.ofMinutes(4), Duration.ofMinutes(5), Duration.ofMinutes(6), Duration.ofMinutes(7), Duration.ofMinutes(8),
            Duration.ofMinutes(9), Duration.ofMinutes(10), Duration.ofMinutes(20), Duration.ofMinutes(30), Duration.ofHours(1),
            Duration.ofHours(2));
    private static final Pattern ADDRESS = Pattern.compile("[^\\s:]+:\\d{1,5}");

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public String advertisedAddress(int boundPort) {
        return host + ":" + boundPort;
    }

    /** Collects settings; {@link #build()} validates them. Not thread-safe. */
    public static final class Builder {
        private final Path dataDir;
        private String cluster = "DefaultCluster";
        private String brokerName = "broker-a";
        private long brokerId;
        private String host = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private List<String> nameServers = List.of();
        private boolean autoCreateTopics = true;
        private int defaultQueues = 4;
        private UnaryOperator<StoreConfig.Builder> store = b -> b;
        private int handlerThreads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
        private int maxFrameSize = FrameDescriptor.DEFAULT_MAX_FRAME_SIZE;
        private Duration maxPullWait = DEFAULT_MAX_PULL_WAIT;
        private Duration registerInterval = DEFAULT_REGISTER_INTERVAL;
        private InstantSource clock = InstantSource.system();
        private int maxDeliveries = RetryPolicy.DEFAULT_MAX_DELIVERIES;
        private List<Duration> retryBackoff = RetryPolicy.DEFAULT_BACKOFF;
        private Path aclFile;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private List<Duration> delayLevels = DEFAULT_DELAY_LEVELS;
        private Duration timerRollAge = DEFAULT_TIMER_ROLL_AGE;
        private String expiryTopic;
        private TransactionSettings transactions = TransactionSettings.DEFAULTS;
        private Login nameServerLogin;
        private Duration handshakeTimeout = ServerLimits.DEFAULT_HANDSHAKE_TIMEOUT;
        private int maxConnections = ServerLimits.DEFAULT_MAX_CONNECTIONS;
        private int loginThreads = ServerLimits.DEFAULT_LOGIN_THREADS;
        private int loginQueuePerUser = ServerLimits.DEFAULT_LOGIN_QUEUE_PER_USER;
        private int maxTransactionsPerConnection = DEFAULT_MAX_TRANSACTIONS_PER_CONNECTION;
        private Duration memberExpiry = DEFAULT_MEMBER_EXPIRY;

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        public Builder cluster(String v) { cluster = v; return this; }
        public Builder brokerName(String v) { brokerName = v; return this; }
        public Builder brokerId(long v) { brokerId = v; return this; }
        public Builder host(String v) { host = v; return this; }
        public Builder port(int v) { port = v; return this; }
        public Builder nameServers(List<String> v) { nameServers = List.copyOf(v); return this; }
        public Builder autoCreateTopics(boolean v) { autoCreateTopics = v; return this; }
        public Builder defaultQueues(int v) { defaultQueues = v; return this; }
        /** Adjusts the store's settings (after any earlier adjustment); the data directory is the broker's. */
        public Builder store(UnaryOperator<StoreConfig.Builder> v) {
            UnaryOperator<StoreConfig.Builder> before = store;
            store = b -> v.apply(before.apply(b));
            return this;
        }
        public Builder handlerThreads(int v) { handlerThreads = v; return this; }
        public Builder maxFrameSize(int v) { maxFrameSize = v; return this; }
        public Builder maxPullWait(Duration v) { maxPullWait = v; return this; }
        public Builder registerInterval(Duration v) { registerInterval = v; return this; }
        public Builder clock(InstantSource v) { clock = v; return this; }
        /** Deliveries after which a failed message goes to its group's dead-letter queue (default 16). */
        public Builder maxDeliveries(int v) { maxDeliveries = v; return this; }
        /** Back-off before the n-th redelivery is the n-th entry (the last repeats); default 10 s, 30 s, 1 m ... 2 h. */
        public Builder retryBackoff(List<Duration> v) { retryBackoff = List.copyOf(v); return this; }
        public Builder aclFile(Path v) { aclFile = v; return this; }
        public Builder maxDelay(Duration v) { maxDelay = v; return this; }
        public Builder delayLevels(List<Duration> v) { delayLevels = List.copyOf(v); return this; }
        public Builder timerRollAge(Duration v) { timerRollAge = v; return this; }
        public Builder expiryTopic(String v) { expiryTopic = v; return this; }
        public Builder transactions(UnaryOperator<TransactionSettings> v) { transactions = v.apply(transactions); return this; }
        /** Logs in to NameServers as this user (null = anonymous). */
        public Builder nameServerLogin(Login v) { nameServerLogin = v; return this; }
        public Builder handshakeTimeout(Duration v) { handshakeTimeout = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder loginThreads(int v) { loginThreads = v; return this; }
        public Builder loginQueuePerUser(int v) { loginQueuePerUser = v; return this; }
        public Builder maxTransactionsPerConnection(int v) { maxTransactionsPerConnection = v; return this; }
        public Builder memberExpiry(Duration v) { memberExpiry = v; return this; }

        public BrokerConfig build() {
            require(cluster != null && !cluster.isBlank(), "cluster", cluster, "a non-empty name");
            require(brokerName != null && brokerName.matches("[A-Za-z0-9_-]{1,64}"), "brokerName", brokerName, "1-64 of A-Z a-z 0-9 _ -");
            require(brokerId >= 0, "brokerId", brokerId, "0 (master) or more (slave)");
            require(port >= 0 && port <= 65535, "port", port, "0-65535");
            for (String ns : nameServers) {
                require(ADDRESS.matcher(ns).matches(), "nameServers", ns, "host:port");
            }
            require(defaultQueues >= 1 && defaultQueues <= 1024, "defaultQueues", defaultQueues, "1-1024");
            require(handlerThreads >= 1, "handlerThreads", handlerThreads, "at least 1");
            require(maxFrameSize >= 64 * 1024, "maxFrameSize", maxFrameSize, "at least 64 KiB");
            require(!maxPullWait.isNegative(), "maxPullWait", maxPullWait, "zero or positive");
            require(!registerInterval.isNegative() && !registerInterval.isZero(), "registerInterval", registerInterval, "positive");
            require(maxDeliveries >= 1 && maxDeliveries <= 1000, "maxDeliveries", maxDeliveries, "1-1000");
            require(!retryBackoff.isEmpty() && retryBackoff.stream().noneMatch(Duration::isNegative), "retryBackoff", retryBackoff,
                    "at least one duration, none negative");
            require(aclFile == null || java.nio.file.Files.isReadable(aclFile), "aclFile", aclFile, "a readable file");
            StoreConfig storeConfig = store.apply(StoreConfig.builder(dataDir).clock(clock)).build();
            require((long) storeConfig.maxMessageSize() + FrameDescriptor.HEADROOM <= maxFrameSize, "maxFrameSize", maxFrameSize,
                    "at least the store's maxMessageSize " + storeConfig.maxMessageSize() + " + " + FrameDescriptor.HEADROOM
                    + " bytes of headroom for headers (" + (storeConfig.maxMessageSize() + (long) FrameDescriptor.HEADROOM)
                    + "), so that the largest message fits a send and a pull answer");
            require(maxDelay.compareTo(Duration.ofMillis(1)) >= 0, "maxDelay", maxDelay, "at least 1 ms");
            require(!delayLevels.isEmpty() && delayLevels.stream().allMatch(d -> !d.isNegative() && d.compareTo(maxDelay) <= 0),
                    "delayLevels", delayLevels, "1 or more delays, each 0 to maxDelay " + maxDelay);
            require(timerRollAge.toMillis() >= 1000 && timerRollAge.compareTo(storeConfig.retention()) < 0, "timerRollAge",
                    timerRollAge, "at least 1 s and below the store's retention " + storeConfig.retention());
            require(expiryTopic == null || io.tern.protocol.Names.invalidTopic(expiryTopic) == null, "expiryTopic", expiryTopic,
                    io.tern.protocol.Names.TOPIC_RULE);
            require(maxTransactionsPerConnection >= 1, "maxTransactionsPerConnection", maxTransactionsPerConnection, "at least 1");
            require(memberExpiry.toMillis() >= 1, "memberExpiry", memberExpiry, "at least 1 ms");
            return new BrokerConfig(cluster, brokerName, brokerId, host, port, nameServers, autoCreateTopics, defaultQueues,
                    storeConfig, handlerThreads, maxFrameSize, maxPullWait, registerInterval, clock,
                    new RetryPolicy(maxDeliveries, retryBackoff), aclFile, maxDelay, delayLevels, timerRollAge, expiryTopic, transactions,
                    nameServerLogin, new ServerLimits(handshakeTimeout, maxConnections, loginThreads, loginQueuePerUser),
                    maxTransactionsPerConnection, memberExpiry);
        }

        private static void require(boolean ok, String name, Object value, String limit) {
            if (!ok) {
                throw new IllegalArgumentException("broker setting " + name + " = " + value + " is invalid: must be " + limit);
            }
        }
    }
}
