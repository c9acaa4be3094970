package io.tern.namesrv.internal;

import io.netty.channel.Channel;
import io.tern.protocol.BrokerRegistration;
import io.tern.protocol.ClusterInfo;
import io.tern.protocol.TopicConfig;
import io.tern.protocol.TopicRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * What a NameServer knows: the live brokers, each with the topics of its latest registration, keyed by broker
 * address. A registration replaces the broker's previous topic list whole and refreshes its heartbeat time.
 * A broker leaves when it unregisters, when the connection it registered on closes, or when it has been silent
 * for longer than the expiry ({@link #expire}).
 *
 * <p>A broker name and an address belong to one cluster at a time, as in RocketMQ: a registration that would replace
 * or join a live broker of another cluster is refused until that one leaves. Two clusters that share a name would
 * otherwise take turns replacing each other every 30 s, and a login allowed to register brokers of one cluster
 * could take over another's routes.
 *
 * <p>Thread rule: all state is guarded by one {@link ReadWriteLock}. Mutations ({@code register}, {@code unregister},
 * {@code expire}, {@code dropConnection}) take the write lock; queries ({@code route}, {@code clusterInfo}) the read
 * lock. Nothing inside the lock does I/O or logs; dropped brokers are logged after it is released.
 *
 * <p>Cost: {@link #route} scans every live broker (one hash lookup each). A NameServer serves tens to a few hundred
 * brokers, so a route costs microseconds; an index by topic would have to be rebuilt on every 30 s re-registration.
 */
public final class RouteTable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteTable.class);
    private static final Comparator<LiveBroker> BY_NAME_THEN_ID =
            Comparator.comparing((LiveBroker b) -> b.registration.cluster())
                    .thenComparing(b -> b.registration.brokerName())
                    .thenComparingLong(b -> b.registration.brokerId());

    private final InstantSource clock;
    private final long expiryMillis;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** By broker address. Entries are immutable and replaced whole. Guarded by {@link #lock}. */
    private final Map<String, LiveBroker> brokers = new HashMap<>();

    /** One broker's latest registration, its topics by name, when it came and on which connection. */
    private record LiveBroker(BrokerRegistration registration, Map<String, TopicConfig> topics, long lastHeartbeatMillis, Channel connection) {
        String describe() {
            return registration.brokerName() + "/" + registration.brokerId() + "@" + registration.address();
        }
    }

    /** Whether a registration was recorded. */
    public enum Outcome {
        /** A broker not known before. */
        ADDED,
        /** A known broker: its topics were replaced and its heartbeat refreshed. */
        REFRESHED,
        /** The connection it came on had closed before it was handled: the broker is treated as gone. */
        IGNORED_CONNECTION_CLOSED
    }

    public RouteTable(InstantSource clock, Duration brokerExpiry) {
        this.clock = clock;
        this.expiryMillis = brokerExpiry.toMillis();
    }

    /**
     * Records a (validated) registration that arrived on {@code connection}. A live broker registered under the same
     * brokerName and brokerId at another address is replaced: the newer registration wins (a broker restarted on a
     * new port). Throws {@link RegistrationValidator.InvalidRegistrationException}, recording nothing, if the name or
     * the address is held by a live broker of another cluster.
     */
    public Outcome register(BrokerRegistration r, Channel connection) {
        Map<String, TopicConfig> topics = new HashMap<>();
        r.topics().forEach(t -> topics.put(t.name(), t));
        List<LiveBroker> replaced;
        boolean known;
        lock.writeLock().lock();
        try {
            // The close listener marks the channel closed before it calls dropConnection, and both run under this
            // lock: either we see the channel closed here, or dropConnection runs after us and removes the entry.
            if (!connection.isOpen()) {
                return Outcome.IGNORED_CONNECTION_CLOSED;
            }
            refuseOtherCluster(r);
            replaced = removeIf(b -> !b.registration.address().equals(r.address())
                    && b.registration.brokerName().equals(r.brokerName()) && b.registration.brokerId() == r.brokerId());
            known = brokers.put(r.address(), new LiveBroker(r, topics, clock.millis(), connection)) != null;
        } finally {
            lock.writeLock().unlock();
        }
        replaced.forEach(b -> LOG.warn("broker {} dropped: {}/{} re-registered from {}", b.describe(), r.brokerName(), r.brokerId(), r.address()));
        return known ? Outcome.REFRESHED : Outcome.ADDED;
    }

    /**
     * Removes the broker at {@code address} if it is registered in {@code cluster}; true if it was. Throws
     * {@link RegistrationValidator.InvalidRegistrationException}, removing nothing, if it is registered in another.
     */
    public boolean unregister(String address, String cluster) {
        lock.writeLock().lock();
        try {
            LiveBroker b = brokers.get(address);
            if (b != null && !b.registration.cluster().equals(cluster)) {
                throw otherCluster("an unregistration for cluster '" + cluster + "'", b);
            }
            return brokers.remove(address) != null;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Call with the write lock held. */
    private void refuseOtherCluster(BrokerRegistration r) {
        for (LiveBroker b : brokers.values()) {
            if (!b.registration.cluster().equals(r.cluster())
                    && (b.registration.address().equals(r.address()) || b.registration.brokerName().equals(r.brokerName()))) {
                throw otherCluster("the registration of " + r.brokerName() + "/" + r.brokerId() + "@" + r.address()
                        + " in cluster '" + r.cluster() + "'", b);
            }
        }
    }

    private static RegistrationValidator.InvalidRegistrationException otherCluster(String what, LiveBroker held) {
        return new RegistrationValidator.InvalidRegistrationException(what + " is refused: broker " + held.describe()
                + " of cluster '" + held.registration.cluster() + "' holds that name or address until it unregisters,"
                + " its connection closes or it expires; a broker name and an address belong to one cluster");
    }

    /** Drops every broker silent for more than the expiry at {@code nowMillis}; returns their addresses. */
    public List<String> expire(long nowMillis) {
        List<LiveBroker> dropped;
        lock.writeLock().lock();
        try {
            dropped = removeIf(b -> nowMillis - b.lastHeartbeatMillis > expiryMillis);
        } finally {
            lock.writeLock().unlock();
        }
        dropped.forEach(b -> LOG.warn("broker {} dropped: silent for {} ms, more than the expiry of {} ms",
                b.describe(), nowMillis - b.lastHeartbeatMillis, expiryMillis));
        return addresses(dropped);
    }

    /** Drops every broker whose latest registration came on {@code connection}, which has closed; returns their addresses. */
    public List<String> dropConnection(Channel connection) {
        List<LiveBroker> dropped;
        lock.writeLock().lock();
        try {
            dropped = removeIf(b -> b.connection == connection);
        } finally {
            lock.writeLock().unlock();
        }
        dropped.forEach(b -> LOG.info("broker {} dropped: the connection it registered on closed", b.describe()));
        return addresses(dropped);
    }

    /** The route of {@code topic} over every live broker serving it, or empty if none does. */
    public Optional<TopicRoute> route(String topic) {
        lock.readLock().lock();
        try {
            return RouteAssembly.assemble(topic, brokers.values().stream()
                    .filter(b -> b.topics.containsKey(topic))
                    .map(b -> new RouteAssembly.Member(b.registration, b.topics.get(topic)))
                    .toList());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every live broker, ordered by cluster, brokerName, brokerId. */
    public ClusterInfo clusterInfo() {
        List<LiveBroker> live;
        lock.readLock().lock();
        try {
            live = new ArrayList<>(brokers.values());
        } finally {
            lock.readLock().unlock();
        }
        live.sort(BY_NAME_THEN_ID);
        return new ClusterInfo(live.stream().map(b -> new ClusterInfo.Entry(b.registration.cluster(), b.registration.brokerName(),
                b.registration.brokerId(), b.registration.address(), b.lastHeartbeatMillis, b.topics.size())).toList());
    }

    /** Call with the write lock held. */
    private List<LiveBroker> removeIf(Predicate<LiveBroker> condition) {
        List<LiveBroker> removed = new ArrayList<>();
        brokers.values().removeIf(b -> {
            boolean remove = condition.test(b);
            if (remove) {
                removed.add(b);
            }
            return remove;
        });
        return removed;
    }

    private static List<String> addresses(List<LiveBroker> dropped) {
        return dropped.stream().map(b -> b.registration.address()).toList();
    }

    /** Builds a {@link TopicRoute} from the brokers that serve a topic. Pure; ordered so equal tables give equal bytes. */
    static final class RouteAssembly {
        record Member(BrokerRegistration registration, TopicConfig topic) {
        }

        private RouteAssembly() {
        }

        static Optional<TopicRoute> assemble(String topic, List<Member> members) {
            if (members.isEmpty()) {
                return Optional.empty();
            }
            Map<String, List<Member>> groups = new TreeMap<>();
            members.forEach(m -> groups.computeIfAbsent(m.registration.brokerName(), k -> new ArrayList<>()).add(m));
            List<TopicRoute.Broker> brokers = new ArrayList<>();
            List<TopicRoute.Queues> queues = new ArrayList<>();
            groups.forEach((name, group) -> {
                group.sort(Comparator.comparingLong(m -> m.registration.brokerId()));
                Member lead = group.get(0); // the master (id 0) if it is live, else the lowest-numbered slave
                Map<Long, String> addresses = new TreeMap<>();
                group.forEach(m -> addresses.put(m.registration.brokerId(), m.registration.address()));
                brokers.add(new TopicRoute.Broker(lead.registration.cluster(), name, addresses));
                queues.add(new TopicRoute.Queues(name, lead.topic.readQueues(), lead.topic.writeQueues(), lead.topic.perm()));
            });
            return Optional.of(new TopicRoute(topic, brokers, queues));
        }
    }
}
