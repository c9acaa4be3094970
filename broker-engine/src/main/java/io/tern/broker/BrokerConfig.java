package io.tern.broker;

import io.tern.protocol.FrameDescriptor;
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
 * @param maxFrameSize     largest frame accepted
 * @param maxPullWait      longest a pull may be held waiting for messages
 * @param registerInterval how often to register with the NameServers (their expiry is four missed registrations)
 * @param clock            the broker's clock
 * @param transactions     check-back, parking and retention of transactions
 */
public record BrokerConfig(String cluster, String brokerName, long brokerId, String host, int port, List<String> nameServers,
                           boolean autoCreateTopics, int defaultQueues, StoreConfig store, int handlerThreads,
                           int maxFrameSize, Duration maxPullWait, Duration registerInterval, InstantSource clock,
                           TransactionSettings transactions) {
    public static final int DEFAULT_PORT = 10911;
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
        private Duration maxPullWait = Duration.ofSeconds(30);
        private Duration registerInterval = Duration.ofSeconds(30);
        private InstantSource clock = InstantSource.system();
        private TransactionSettings transactions = TransactionSettings.DEFAULTS;

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
        /** Adjusts the store's settings; the data directory is the broker's. */
        public Builder store(UnaryOperator<StoreConfig.Builder> v) { store = v; return this; }
        public Builder handlerThreads(int v) { handlerThreads = v; return this; }
        public Builder maxFrameSize(int v) { maxFrameSize = v; return this; }
        public Builder maxPullWait(Duration v) { maxPullWait = v; return this; }
        public Builder registerInterval(Duration v) { registerInterval = v; return this; }
        public Builder clock(InstantSource v) { clock = v; return this; }
        public Builder transactions(UnaryOperator<TransactionSettings> v) { transactions = v.apply(transactions); return this; }

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
            StoreConfig storeConfig = store.apply(StoreConfig.builder(dataDir).clock(clock)).build();
            require(storeConfig.maxMessageSize() < maxFrameSize, "maxFrameSize", maxFrameSize,
                    "above the store's maxMessageSize " + storeConfig.maxMessageSize());
            return new BrokerConfig(cluster, brokerName, brokerId, host, port, nameServers, autoCreateTopics, defaultQueues,
                    storeConfig, handlerThreads, maxFrameSize, maxPullWait, registerInterval, clock, transactions);
        }

        private static void require(boolean ok, String name, Object value, String limit) {
            if (!ok) {
                throw new IllegalArgumentException("broker setting " + name + " = " + value + " is invalid: must be " + limit);
            }
        }
    }
}
