package io.tern.broker.config;

import io.tern.broker.BrokerConfig;
import io.tern.broker.RetryPolicy;
import io.tern.broker.TransactionSettings;
import io.tern.protocol.FrameDescriptor;
import io.tern.store.FlushMode;
import io.tern.store.StoreConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tern.broker.config.SettingType.*;

/**
 * Every broker setting, defined once: {@code tern broker -c FILE}, {@code --set name=value} and
 * {@code --print-settings} read this list, and {@code docs/settings.md} is checked against it. The defaults are the
 * builders' own constants; {@code SettingsRegistryTest} proves a broker built from nothing reads each one back.
 */
public final class BrokerSettings {
    /** Where a broker keeps its files unless told otherwise. */
    public static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("user.home"), "tern-data");

    private static final StoreConfig STORE = StoreConfig.builder(DEFAULT_DATA_DIR).build();
    private static final TransactionSettings TX = TransactionSettings.DEFAULTS;

    public static final Settings<BrokerConfig.Builder, BrokerConfig> REGISTRY = new Settings<>("broker", ServerLimitSettings.after(List.of(
            // where and who
            Setting.computed("dataDir", PATH, "~/tern-data", "", "directory of the store and the broker's files (topics, offsets, leases)",
                    (b, v) -> { }, c -> c.store().dataDir()),
            Setting.of("host", STRING, "127.0.0.1", "", "address to listen on; 0.0.0.0 exposes the broker to other hosts",
                    BrokerConfig.Builder::host, BrokerConfig::host),
            Setting.of("port", INT, BrokerConfig.DEFAULT_PORT, "", "port to listen on (0 = ephemeral)", BrokerConfig.Builder::port, BrokerConfig::port),
            Setting.of("cluster", STRING, "DefaultCluster", "", "the cluster this broker belongs to", BrokerConfig.Builder::cluster, BrokerConfig::cluster),
            Setting.of("brokerName", STRING, "broker-a", "", "the broker group (master and slaves share it)",
                    BrokerConfig.Builder::brokerName, BrokerConfig::brokerName),
            Setting.of("brokerId", LONG, 0L, "", "0 for the master, more for a slave", BrokerConfig.Builder::brokerId, BrokerConfig::brokerId),
            Setting.of("nameServers", STRINGS, List.of(), "", "NameServers to register with, host:port separated by commas",
                    BrokerConfig.Builder::nameServers, BrokerConfig::nameServers),
            Setting.of("registerInterval", DURATION, BrokerConfig.DEFAULT_REGISTER_INTERVAL, "",
                    "how often the broker registers with its NameServers (they drop it after four missed)",
                    BrokerConfig.Builder::registerInterval, BrokerConfig::registerInterval),
            Setting.of("aclFile", OPTIONAL_PATH, null, "", "users, passwords and rules (see docs/acl.md); empty = no access control",
                    BrokerConfig.Builder::aclFile, BrokerConfig::aclFile),
            // topics
            Setting.of("autoCreateTopics", BOOL, true, "", "create a topic on its first send (tern broker turns it off unless asked)",
                    BrokerConfig.Builder::autoCreateTopics, BrokerConfig::autoCreateTopics),
            Setting.of("defaultQueues", INT, 4, "queues", "queues of an auto-created topic", BrokerConfig.Builder::defaultQueues,
                    BrokerConfig::defaultQueues),
            // the store
            Setting.of("flushMode", SettingType.of(FlushMode.class), StoreConfig.DEFAULT_FLUSH_MODE, "",
                    "SYNC answers a send after fsync (group commit); ASYNC after the page cache",
                    (b, v) -> b.store(s -> s.flushMode(v)), c -> c.store().flushMode()),
            Setting.of("flushInterval", DURATION, StoreConfig.DEFAULT_FLUSH_INTERVAL, "", "ASYNC flush period: bounds what an OS crash loses",
                    (b, v) -> b.store(s -> s.flushInterval(v)), c -> c.store().flushInterval()),
            Setting.of("checkpointInterval", DURATION, StoreConfig.DEFAULT_CHECKPOINT_INTERVAL, "",
                    "how often queues and indexes are forced and the checkpoint written: bounds the recovery scan",
                    (b, v) -> b.store(s -> s.checkpointInterval(v)), c -> c.store().checkpointInterval()),
            Setting.of("retention", DURATION, StoreConfig.DEFAULT_RETENTION, "", "how long messages are kept (whole segments are deleted)",
                    (b, v) -> b.store(s -> s.retention(v)), c -> c.store().retention()),
            Setting.of("retentionCheckInterval", DURATION, StoreConfig.DEFAULT_RETENTION_CHECK_INTERVAL, "",
                    "how often expired segments and the disk ceiling are checked",
                    (b, v) -> b.store(s -> s.retentionCheckInterval(v)), c -> c.store().retentionCheckInterval()),
            Setting.of("diskUsageCeiling", FRACTION, StoreConfig.DEFAULT_DISK_USAGE_CEILING, "fraction of the disk",
                    "above this use of the data directory's disk, sends are refused (STORE_UNAVAILABLE)",
                    (b, v) -> b.store(s -> s.diskUsageCeiling(v)), c -> c.store().diskUsageCeiling()),
            Setting.of("segmentSize", BYTES, STORE.segmentSize(), "bytes", "commit-log segment size",
                    (b, v) -> b.store(s -> s.segmentSize(v)), c -> c.store().segmentSize()),
            Setting.of("maxMessageSize", BYTES, (long) StoreConfig.DEFAULT_MAX_MESSAGE_SIZE, "bytes",
                    "largest stored record, headers included; a larger send is refused",
                    (b, v) -> b.store(s -> s.maxMessageSize(Math.toIntExact(Math.min(v, Integer.MAX_VALUE)))),
                    c -> (long) c.store().maxMessageSize()),
            Setting.of("writeQueueCapacity", INT, StoreConfig.DEFAULT_WRITE_QUEUE_CAPACITY, "appends",
                    "appends waiting for the writer before new ones are answered SYSTEM_BUSY",
                    (b, v) -> b.store(s -> s.writeQueueCapacity(v)), c -> c.store().writeQueueCapacity()),
            Setting.of("writeQueueMaxBytes", BYTES, StoreConfig.DEFAULT_WRITE_QUEUE_MAX_BYTES, "bytes",
                    "bytes waiting for the writer before new appends are answered SYSTEM_BUSY",
                    (b, v) -> b.store(s -> s.writeQueueMaxBytes(v)), c -> c.store().writeQueueMaxBytes()),
            Setting.of("consumeQueueFileEntries", INT, StoreConfig.DEFAULT_CONSUME_QUEUE_FILE_ENTRIES, "entries",
                    "entries per consume-queue file (20 bytes each)",
                    (b, v) -> b.store(s -> s.consumeQueueFileEntries(v)), c -> c.store().consumeQueueFileEntries()),
            Setting.of("indexSlots", INT, StoreConfig.DEFAULT_INDEX_SLOTS, "slots", "hash slots per key-index file",
                    (b, v) -> b.store(s -> s.indexSlots(v)), c -> c.store().indexSlots()),
            Setting.of("indexEntries", INT, StoreConfig.DEFAULT_INDEX_ENTRIES, "entries", "entries per key-index file (16 bytes each)",
                    (b, v) -> b.store(s -> s.indexEntries(v)), c -> c.store().indexEntries()),
            // the wire
            Setting.of("maxFrameSize", INT, FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, "bytes",
                    "largest frame accepted and sent; at least maxMessageSize + " + FrameDescriptor.HEADROOM + " bytes of headroom",
                    BrokerConfig.Builder::maxFrameSize, BrokerConfig::maxFrameSize),
            Setting.computed("handlerThreads", INT, "max(4, 2 x processors)", "threads", "threads that run request handlers",
                    BrokerConfig.Builder::handlerThreads, BrokerConfig::handlerThreads),
            Setting.of("maxPullWait", DURATION, BrokerConfig.DEFAULT_MAX_PULL_WAIT, "", "longest a pull or receive is held waiting for messages",
                    BrokerConfig.Builder::maxPullWait, BrokerConfig::maxPullWait),
            // delivery
            Setting.of("memberExpiry", DURATION, BrokerConfig.DEFAULT_MEMBER_EXPIRY, "",
                    "a consumer or producer group member silent this long is removed (clients heartbeat every 10 s)",
                    BrokerConfig.Builder::memberExpiry, BrokerConfig::memberExpiry),
            Setting.of("maxDeliveries", INT, RetryPolicy.DEFAULT_MAX_DELIVERIES, "deliveries",
                    "deliveries after which a failed message goes to its group's dead-letter queue",
                    BrokerConfig.Builder::maxDeliveries, c -> c.retry().maxDeliveries()),
            Setting.of("retryBackoff", DURATIONS, RetryPolicy.DEFAULT_BACKOFF, "",
                    "wait before the n-th redelivery is the n-th entry (the last repeats)",
                    BrokerConfig.Builder::retryBackoff, c -> c.retry().backoff()),
            Setting.of("maxDelay", DURATION, BrokerConfig.DEFAULT_MAX_DELAY, "", "longest delivery delay a send may ask for",
                    BrokerConfig.Builder::maxDelay, BrokerConfig::maxDelay),
            Setting.of("delayLevels", DURATIONS, BrokerConfig.DEFAULT_DELAY_LEVELS, "", "the named delay levels: level n is entry n",
                    BrokerConfig.Builder::delayLevels, BrokerConfig::delayLevels),
            Setting.of("timerRollAge", DURATION, BrokerConfig.DEFAULT_TIMER_ROLL_AGE, "",
                    "a scheduled message older than this is re-appended so retention never deletes it before it is due (below retention)",
                    BrokerConfig.Builder::timerRollAge, BrokerConfig::timerRollAge),
            Setting.of("expiryTopic", OPTIONAL_STRING, null, "", "topic that receives expired messages; empty = only count them",
                    BrokerConfig.Builder::expiryTopic, BrokerConfig::expiryTopic),
            // transactions
            Setting.of("txCheckTimeout", DURATION, TX.checkTimeout(), "",
                    "age of an undecided transaction's first half message before the broker asks its producer group",
                    (b, v) -> b.transactions(t -> t.withCheckTimeout(v)), c -> c.transactions().checkTimeout()),
            Setting.of("txCheckInterval", DURATION, TX.checkInterval(), "", "time between two check-backs of one transaction",
                    (b, v) -> b.transactions(t -> t.withCheckInterval(v)), c -> c.transactions().checkInterval()),
            Setting.of("txMaxChecks", INT, TX.maxChecks(), "checks", "check-backs before a transaction is parked in TERN_TX_UNRESOLVED",
                    (b, v) -> b.transactions(t -> t.withMaxChecks(v)), c -> c.transactions().maxChecks()),
            Setting.of("txAckHold", DURATION, TX.ackHold(), "",
                    "how long a lease acked in an open transaction is kept from others; an idle transaction is rolled back after it",
                    (b, v) -> b.transactions(t -> t.withAckHold(v)), c -> c.transactions().ackHold()),
            Setting.of("txResolvedRetention", DURATION, TX.resolvedRetention(), "",
                    "how long a resolved transaction's outcome is remembered for repeated commits or rollbacks",
                    (b, v) -> b.transactions(t -> t.withResolvedRetention(v)), c -> c.transactions().resolvedRetention()),
            Setting.of("maxTransactionsPerConnection", INT, BrokerConfig.DEFAULT_MAX_TRANSACTIONS_PER_CONNECTION, "transactions",
                    "open transactions one connection may work on at once; a new one beyond is refused (TX_LIMIT) naming this setting",
                    BrokerConfig.Builder::maxTransactionsPerConnection, BrokerConfig::maxTransactionsPerConnection)
    ), BrokerConfig.Builder::handshakeTimeout, BrokerConfig.Builder::maxConnections,
            BrokerConfig.Builder::loginThreads, BrokerConfig.Builder::loginQueuePerUser, BrokerConfig::serverLimits));

    private BrokerSettings() {
    }

    /** A builder with every resolved value applied; the data directory comes first because the builder needs it. */
    public static BrokerConfig.Builder builder(List<Settings.Assignment> assignments) {
        Map<Setting<BrokerConfig.Builder, BrokerConfig>, Object> values = REGISTRY.resolve(assignments);
        Object dataDir = values.get(REGISTRY.get("dataDir"));
        BrokerConfig.Builder b = BrokerConfig.builder(dataDir == null ? DEFAULT_DATA_DIR : (Path) dataDir);
        REGISTRY.apply(b, values);
        return b;
    }
}
