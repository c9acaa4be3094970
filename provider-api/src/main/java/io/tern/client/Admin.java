package io.tern.client;

import io.tern.client.internal.RouteCache;
import io.tern.protocol.ClusterInfo;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.GroupDescription;
import io.tern.protocol.GroupReset;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.Headers;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.OffsetRequest;
import io.tern.protocol.QueueQuery;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicConfig;
import io.tern.remoting.RemotingClient;
import io.tern.remoting.RemotingException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

import static io.tern.client.internal.Responses.check;

/**
 * Administers a cluster through its NameServers: topics, the cluster view, consumer groups' members and lag.
 * Thread-safe.
 */
public final class Admin implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The group named in browse pulls and resends: pulls commit nothing, so it never appears among the groups. */
    private static final String BROWSER_GROUP = "TERN_ADMIN";

    private final List<String> nameServers;
    private final RemotingClient client;
    private final boolean ownsClient;
    private final RouteCache routes;

    /** One queue of a group's subscription: where the group is, what the queue holds, and the difference. */
    public record QueueLag(MessageQueue queue, long committedOffset, long minOffset, long maxOffset) {
        /** Messages stored and not yet consumed by the group. */
        public long lag() {
            return maxOffset - Math.max(committedOffset, minOffset);
        }
    }

    public Admin(List<String> nameServers) {
        this(nameServers, null, null);
    }

    /** An admin client that logs in as {@code user} (admin commands need the admin permission on brokers with access control). */
    public Admin(List<String> nameServers, String user, String password) {
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("admin needs at least one NameServer address (host:port)");
        }
        this.nameServers = List.copyOf(nameServers);
        this.client = new RemotingClient("admin-" + UUID.randomUUID(), FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 64, 64);
        this.client.credentials(user, password);
        this.ownsClient = true;
        this.routes = new RouteCache(client, nameServers, TIMEOUT, false);
    }

    /** An admin client over {@code shared} (logged in already, e.g. a JMS connection's); {@link #close} leaves it open. */
    public Admin(List<String> nameServers, RemotingClient shared) {
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("admin needs at least one NameServer address (host:port)");
        }
        this.nameServers = List.copyOf(nameServers);
        this.client = shared;
        this.ownsClient = false;
        this.routes = new RouteCache(client, nameServers, TIMEOUT, false);
    }

    /** Every live broker, as the first NameServer that answers sees it. */
    public ClusterInfo cluster() {
        RemotingException last = null;
        for (String ns : nameServers) {
            try {
                Frame f = client.invokeSync(ns, CommandCode.GET_CLUSTER_INFO, null, null, TIMEOUT);
                check(f, "cluster info from " + ns);
                return ClusterInfo.decode(f.body());
            } catch (RemotingException e) {
                last = e;
            }
        }
        throw new TernClientException(nameServers.size() == 1 ? "NameServer " + last.getMessage()
                : "no NameServer of " + nameServers + " answered; the last: " + last.getMessage(), last);
    }

    /** Creates (or updates) a topic on every master broker of the cluster. */
    public void createTopic(String topic, int queues) {
        createTopic(TopicConfig.of(topic, queues));
    }

    /** Creates or replaces a topic, with its settings (queues, perm, maxBacklogMessages), on every master broker. */
    public void createTopic(TopicConfig topic) {
        List<String> masters = masters();
        if (masters.isEmpty()) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "no live master broker is registered with " + nameServers);
        }
        byte[] header = topicHeader(topic);
        for (String broker : masters) {
            check(client.invokeSync(broker, CommandCode.CREATE_TOPIC, header, null, TIMEOUT), "create topic " + topic.name() + " on " + broker);
        }
    }

    /**
     * Changes an existing topic's maxBacklogMessages (0 = no limit) on every master, keeping its queues and perm. Throws
     * TOPIC_NOT_FOUND if no master serves it.
     */
    public TopicConfig setMaxBacklog(String topic, long maxBacklogMessages) {
        TopicConfig current = listTopics().stream().filter(t -> t.name().equals(topic)).findFirst()
                .orElseThrow(() -> new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "topic " + topic + " is not served by any master"
                        + " registered with " + nameServers + "; create it with a limit instead"));
        TopicConfig updated = current.withMaxBacklogMessages(maxBacklogMessages);
        createTopic(updated);
        return updated;
    }

    /**
     * Deletes a topic on every master broker (DELETE_TOPIC): its queues, every group's state on it; the NameServers stop
     * routing it at once, and later sends to it are refused (TOPIC_DELETED) until it is created again. A topic no master
     * serves is a {@link TernClientException} with code TOPIC_NOT_FOUND.
     */
    public void deleteTopic(String topic) {
        byte[] header = new io.tern.protocol.TopicDeleteRequest(topic).encode();
        int deleted = 0;
        TernClientException notFound = null;
        for (String broker : masters()) {
            Frame f = client.invokeSync(broker, CommandCode.DELETE_TOPIC, header, null, TIMEOUT);
            if (f.code() == ResponseCode.TOPIC_NOT_FOUND) {
                notFound = new TernClientException(f.code(), "delete topic " + topic + " on " + broker + ": " + ErrorHeader.decode(f.header()).message());
                continue;
            }
            check(f, "delete topic " + topic + " on " + broker);
            deleted++;
        }
        if (deleted == 0) {
            throw notFound != null ? notFound : new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "no live master broker is registered with " + nameServers);
        }
    }

    /**
     * Creates a topic owned by this admin's connections (CREATE_OWNED_TOPIC) on every master: each broker deletes it
     * when this admin is closed or its process dies.
     */
    public void createOwnedTopic(String topic, int queues) {
        List<String> masters = masters();
        if (masters.isEmpty()) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "no live master broker is registered with " + nameServers);
        }
        byte[] header = topicHeader(TopicConfig.of(topic, queues));
        for (String broker : masters) {
            check(client.invokeSync(broker, CommandCode.CREATE_OWNED_TOPIC, header, null, TIMEOUT), "create owned topic " + topic + " on " + broker);
        }
    }

    /**
     * Deletes a consumer group's state on {@code topic} on every broker serving it (DELETE_GROUP): lease cursors,
     * committed offsets, and its retry and dead-letter topics once it has no state left on a broker. Throws with code
     * GROUP_IN_USE if a consumer of the group holds leases or receives. Returns whether any broker had state of it.
     */
    public boolean deleteGroup(String group, String topic) {
        byte[] header = new io.tern.protocol.GroupDeleteRequest(group, topic).encode();
        boolean deleted = false;
        java.util.SortedMap<String, String> brokers = brokersServing(topic);
        if (brokers.isEmpty()) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "topic " + topic + " has no readable queue on a live broker");
        }
        for (java.util.Map.Entry<String, String> b : brokers.entrySet()) {
            Frame f = check(client.invokeSync(b.getValue(), CommandCode.DELETE_GROUP, header, null, TIMEOUT),
                    "delete group " + group + " on " + topic + " at " + b.getKey());
            deleted |= io.tern.protocol.GroupDeleteRequest.decodeDeleted(f.header());
        }
        return deleted;
    }

    /**
     * Claims a JMS client id on every master broker for this admin's connections (CLAIM_CLIENT_ID); throws with code
     * CLIENT_ID_IN_USE, releasing what it claimed, if another live connection holds it on one.
     */
    public void claimClientId(String clientId) {
        byte[] header = new io.tern.protocol.ClientIdRequest(clientId).encode();
        List<String> claimed = new ArrayList<>();
        for (String broker : masters()) {
            Frame f = client.invokeSync(broker, CommandCode.CLAIM_CLIENT_ID, header, null, TIMEOUT);
            if (f.code() != ResponseCode.OK) {
                claimed.forEach(c -> client.invokeSync(c, CommandCode.RELEASE_CLIENT_ID, header, null, TIMEOUT));
            }
            check(f, "claim client id " + clientId + " on " + broker);
            claimed.add(broker);
        }
    }

    /** Releases a client id this admin's connections hold (RELEASE_CLIENT_ID on every master). */
    public void releaseClientId(String clientId) {
        byte[] header = new io.tern.protocol.ClientIdRequest(clientId).encode();
        for (String broker : masters()) {
            check(client.invokeSync(broker, CommandCode.RELEASE_CLIENT_ID, header, null, TIMEOUT), "release client id " + clientId + " on " + broker);
        }
    }

    /** Every topic of every master, merged by name (the largest queue counts win). */
    public List<TopicConfig> listTopics() {
        TreeMap<String, TopicConfig> merged = new TreeMap<>();
        for (String broker : requireMasters()) {
            Frame f = client.invokeSync(broker, CommandCode.LIST_TOPICS, null, null, TIMEOUT);
            check(f, "list topics of " + broker);
            for (TopicConfig t : TopicConfig.decodeList(f.body())) {
                merged.merge(t.name(), t, (a, b) -> a.readQueues() >= b.readQueues() ? a : b);
            }
        }
        return new ArrayList<>(merged.values());
    }

    /** The topic's queues and their bounds, without group information. */
    public List<QueueLag> describeTopic(String topic) {
        return lag(null, topic);
    }

    /** The message with this id, from whichever master stored it. */
    public java.util.Optional<io.tern.message.ReceivedMessage> lookupById(io.tern.message.MessageId id) {
        for (String broker : masters()) {
            List<io.tern.message.ReceivedMessage> found = query(broker, io.tern.protocol.MessageQuery.byId(id));
            if (!found.isEmpty()) {
                return java.util.Optional.of(found.get(0));
            }
        }
        return java.util.Optional.empty();
    }

    /** Up to {@code max} messages of {@code topic} carrying {@code key}, from every master serving it. */
    public List<io.tern.message.ReceivedMessage> lookupByKey(String topic, String key, int max) {
        List<io.tern.message.ReceivedMessage> out = new ArrayList<>();
        for (String broker : masters()) {
            out.addAll(query(broker, io.tern.protocol.MessageQuery.byKey(topic, key, max)));
        }
        return out.size() > max ? out.subList(0, max) : out;
    }

    private List<io.tern.message.ReceivedMessage> query(String broker, io.tern.protocol.MessageQuery q) {
        Frame f = check(client.invokeSync(broker, CommandCode.QUERY_MESSAGE, q.encode(), null, TIMEOUT), "message query on " + broker);
        String brokerName = brokerNameOf(broker);
        return io.tern.protocol.MessageCodec.decodeReceived(f.body(), brokerName);
    }

    private String brokerNameOf(String address) {
        for (ClusterInfo.Entry e : cluster().brokers()) {
            if (e.address().equals(address)) {
                return e.brokerName();
            }
        }
        return address;
    }

    /**
     * Up to {@code max} messages of {@code topic}, oldest first per queue, read without a subscription (nothing is
     * committed): how a retry or dead-letter topic is browsed.
     */
    public List<io.tern.message.ReceivedMessage> browse(String topic, int max) {
        return browse(topic, null, max);
    }

    /**
     * {@link #browse(String, int)} with a selector (null: every message) evaluated on the broker, as a consumer's would
     * be: what {@code tern browse} shows.
     */
    public List<io.tern.message.ReceivedMessage> browse(String topic, String selector, int max) {
        List<io.tern.message.ReceivedMessage> out = new ArrayList<>();
        for (MessageQueue q : routes.readQueues(topic)) {
            String broker = routes.masterAddress(topic, q.brokerName());
            long offset = 0;
            while (out.size() < max) {
                int want = Math.min(io.tern.protocol.PullRequest.MAX_MESSAGES, max - out.size());
                Frame f = check(client.invokeSync(broker, CommandCode.PULL, new io.tern.protocol.PullRequest(BROWSER_GROUP, topic,
                        q.queueId(), offset, want, 0, "*", selector).encode(), null, TIMEOUT), "browse of " + q);
                io.tern.protocol.PullRequest.Result r = io.tern.protocol.PullRequest.Result.decode(f.header());
                List<io.tern.message.ReceivedMessage> got = io.tern.protocol.MessageCodec.decodeReceived(f.body(), q.brokerName());
                out.addAll(got);
                if (got.isEmpty() && r.nextOffset() <= offset || r.nextOffset() >= r.maxOffset()) {
                    break;
                }
                offset = r.nextOffset();
            }
        }
        return out.size() > max ? out.subList(0, max) : out;
    }

    /**
     * Up to {@code max} messages of {@code topic} that lease group {@code group} has not acknowledged below its
     * cursor's watermark (from the watermark on: leased, ready and not yet delivered ones, and the few acked above
     * it), oldest first per queue, that {@code selector} (null for all) selects; read without leasing or committing
     * anything (a JMS QueueBrowser). A group that never received starts at each queue's first offset.
     */
    public List<io.tern.message.ReceivedMessage> browseUnacked(String group, String topic, String selector, int max) {
        List<io.tern.message.ReceivedMessage> out = new ArrayList<>();
        for (GroupQueue gq : describeGroup(group, topic)) {
            long offset = gq.leaseMode() ? Math.max(gq.lease().watermark(), gq.minOffset()) : gq.minOffset();
            String broker = routes.masterAddress(topic, gq.queue().brokerName());
            while (out.size() < max && offset < gq.maxOffset()) {
                int want = Math.min(io.tern.protocol.PullRequest.MAX_MESSAGES, max - out.size());
                Frame f = check(client.invokeSync(broker, CommandCode.PULL, new io.tern.protocol.PullRequest(BROWSER_GROUP, topic,
                        gq.queue().queueId(), offset, want, 0, "*", selector).encode(), null, TIMEOUT), "browse of " + gq.queue());
                io.tern.protocol.PullRequest.Result r = io.tern.protocol.PullRequest.Result.decode(f.header());
                out.addAll(io.tern.protocol.MessageCodec.decodeReceived(f.body(), gq.queue().brokerName()));
                if (r.nextOffset() <= offset) {
                    break;
                }
                offset = r.nextOffset();
            }
        }
        return out.size() > max ? out.subList(0, max) : out;
    }

    /** Up to {@code max} messages in {@code group}'s dead-letter topic ({@code %DLQ%<group>}); none if it has none. */
    public List<io.tern.message.ReceivedMessage> deadLetters(String group, int max) {
        String dlq = io.tern.protocol.RetryTopics.deadLetterTopic(group);
        try {
            routes.fetch(dlq);
        } catch (TernClientException e) {
            if (e.code() == ResponseCode.TOPIC_NOT_FOUND) {
                return List.of(); // the group never dead-lettered anything
            }
            throw e;
        }
        return browse(dlq, max);
    }

    /** One message a DLQ resend sent, and the topic it went to. */
    public record Resent(io.tern.message.MessageId id, String topic) {
    }

    /**
     * Sends messages of {@code group}'s dead-letter queue back to that group only, with the same id, tag, keys, body
     * and user properties (the retry bookkeeping is dropped, so they start again at delivery 1); {@code id} null for
     * every one, else only that one. The dead-letter copies stay where they are. A group in offset mode on the
     * message's original topic gets it in its retry topic {@code %RETRY%<group>}, which its push consumers read, as
     * RocketMQ resends (no other group sees it). A lease-mode group's consumers read no retry topic, so its messages
     * go back to the original topic, which every group of that topic receives: {@link Resent#topic} says which.
     */
    public List<Resent> resendDeadLetters(String group, io.tern.message.MessageId id) {
        List<Resent> sent = new ArrayList<>();
        java.util.Map<String, String> targets = new java.util.HashMap<>();
        for (io.tern.message.ReceivedMessage r : deadLetters(group, 100_000)) {
            if (id == null || id.equals(r.message().id())) {
                String origin = io.tern.protocol.RetryTopics.originTopic(r.message());
                String target = targets.computeIfAbsent(origin, o -> resendTopic(group, o));
                resend(r.message(), target);
                sent.add(new Resent(r.message().id(), target));
            }
        }
        return sent;
    }

    /** The group's retry topic if it is in offset mode on {@code origin} (or unknown there), else {@code origin}. */
    private String resendTopic(String group, String origin) {
        boolean lease;
        try {
            lease = describeGroup(group, origin).stream().anyMatch(q -> q.leaseMode() && !q.offsetMode());
        } catch (TernClientException e) {
            lease = false; // the origin topic is gone: the retry topic still reaches the group's consumers
        }
        if (lease) {
            return origin;
        }
        String retry = io.tern.protocol.RetryTopics.retryTopic(group);
        try {
            routes.fetch(retry);
        } catch (TernClientException e) {
            if (e.code() != ResponseCode.TOPIC_NOT_FOUND) {
                throw e;
            }
            createTopic(retry, 1); // a group that dead-lettered in lease mode once, or whose retry topic was deleted
            routes.fetch(retry);
        }
        return retry;
    }

    private void resend(io.tern.message.Message dead, String topic) {
        List<MessageQueue> queues = routes.writeQueues(topic);
        MessageQueue q = queues.get(Math.floorMod(dead.id().hashCode(), queues.size()));
        io.tern.message.Properties.Builder props = io.tern.message.Properties.builder();
        dead.properties().asMap().forEach((k, v) -> {
            if (!k.equals(io.tern.protocol.RetryTopics.DELIVERY_COUNT) && !k.equals(io.tern.protocol.RetryTopics.DUE_AT)
                    && !(k.equals(io.tern.protocol.RetryTopics.ORIGIN_TOPIC) && !io.tern.protocol.RetryTopics.isRetry(topic))) {
                props.put(k, v);
            }
        });
        if (io.tern.protocol.RetryTopics.isRetry(topic)) {
            props.put(io.tern.protocol.RetryTopics.ORIGIN_TOPIC, io.tern.protocol.RetryTopics.originTopic(dead));
        }
        io.tern.message.Message m = new io.tern.message.Message(dead.id(), topic, q.queueId(), dead.bornTimestamp(), dead.flags(),
                dead.tag(), dead.keys(), props.build(), dead.body());
        check(client.invokeSync(routes.masterAddress(topic, q.brokerName()), CommandCode.SEND,
                new io.tern.protocol.SendRequest(BROWSER_GROUP, topic, q.queueId()).encode(), io.tern.protocol.MessageCodec.encode(m), TIMEOUT),
                "resend of " + dead.id() + " to " + q);
    }

    /** Whether a group (offset mode) has consumed a message: its committed offset on the message's queue is past it. */
    public boolean consumedBy(String group, io.tern.message.ReceivedMessage m) {
        String broker = routes.masterAddress(m.message().topic(), m.brokerName());
        Frame o = check(client.invokeSync(broker, CommandCode.QUERY_OFFSET,
                new OffsetRequest(group, m.message().topic(), m.message().queueId(), -1).encode(), null, TIMEOUT), "offset of group " + group);
        return OffsetRequest.decodeOffset(o.header()) > m.queueOffset();
    }

    /**
     * Where {@code m} stands for {@code group}, or, with {@code group} null, for every group the master that stored it
     * knows on its topic (committed offsets and lease cursors): offset-mode groups consumed or not, lease-mode groups
     * acked, leased, ready, parked, unclaimed or not yet delivered, with delivery counts, deadlines and any transaction
     * holding the ack ({@link io.tern.protocol.DeliveryStateQuery}). With access control, every group needs admin,
     * one group consume on it and the topic.
     */
    public List<io.tern.protocol.DeliveryStateQuery.GroupState> deliveryState(io.tern.message.ReceivedMessage m, String group) {
        String broker = masterOf(m.brokerName());
        io.tern.protocol.DeliveryStateQuery q = new io.tern.protocol.DeliveryStateQuery(m.message().topic(), m.message().queueId(),
                m.queueOffset(), group);
        Frame f = check(client.invokeSync(broker, CommandCode.QUERY_DELIVERY_STATE, q.encode(), null, TIMEOUT),
                "delivery state of " + m.message().topic() + "/" + m.message().queueId() + " offset " + m.queueOffset() + " on " + broker);
        return io.tern.protocol.DeliveryStateQuery.decodeStates(f.body());
    }

    private String masterOf(String brokerName) {
        for (ClusterInfo.Entry e : cluster().brokers()) {
            if (e.brokerId() == 0 && e.brokerName().equals(brokerName)) {
                return e.address();
            }
        }
        throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "broker " + brokerName + " has no live master registered with " + nameServers);
    }

    /** Where {@link #resetOffsets} moves a group: the first message, past the last, or the first stored at or after a time. */
    public sealed interface ResetTarget permits Start, End, AtTime {
    }

    public record Start() implements ResetTarget {
    }

    public record End() implements ResetTarget {
    }

    public record AtTime(java.time.Instant time) implements ResetTarget {
    }

    /**
     * Moves a group on every queue of {@code topic} in whichever modes it uses there ({@link #resetGroup}), and also
     * positions a group no broker knows yet in offset mode (commits its offsets, as before lease groups were reset).
     * Returns the group's committed offsets and lag afterwards.
     */
    public List<QueueLag> resetOffsets(String group, String topic, ResetTarget target) {
        reset(group, topic, target, GroupReset.OFFSETS_IF_UNKNOWN);
        return groupLag(group, topic);
    }

    /** One queue a reset moved: where the group starts now, and in which modes (committed offset, lease cursor). */
    public record QueueReset(MessageQueue queue, long offset, boolean offsetMode, boolean leaseMode) {
    }

    /**
     * Resets a consumer group on every queue of {@code topic}, on every broker serving it: offset mode (committed
     * offsets) and lease mode (cursors: everything below the target acked, nothing at or above it; receipt handles
     * from before are refused; delivery counts start again) in one request per broker, which computes each queue's
     * target itself. Refused with live offset-mode members (stop them first) and with a prepared XA branch holding
     * an ack of the group on the topic (resolve it first). A group no broker serving the topic knows (no committed
     * offset, live member or lease cursor there) is a {@link TernClientException}, not a silent no-op.
     */
    public List<QueueReset> resetGroup(String group, String topic, ResetTarget target) {
        List<QueueReset> out = reset(group, topic, target, 0);
        if (out.isEmpty()) {
            throw new TernClientException(ResponseCode.INVALID_REQUEST, "group " + group + " is unknown on topic " + topic
                    + ": no broker serving it has a committed offset, a live member or a lease cursor of the group there; nothing was reset");
        }
        return out;
    }

    private List<QueueReset> reset(String group, String topic, ResetTarget target, int flags) {
        GroupReset.Target kind = target instanceof Start ? GroupReset.Target.START : target instanceof End ? GroupReset.Target.END : GroupReset.Target.TIME;
        long time = target instanceof AtTime t ? t.time().toEpochMilli() : -1;
        byte[] header = new GroupReset(group, topic, kind, time, flags).encode();
        List<QueueReset> out = new ArrayList<>();
        for (java.util.Map.Entry<String, String> b : brokersServing(topic).entrySet()) {
            Frame f = check(client.invokeSync(b.getValue(), CommandCode.RESET_GROUP, header, null, TIMEOUT),
                    "reset of group " + group + " on " + topic + " at " + b.getKey());
            GroupReset.Result r = GroupReset.Result.decode(f.header(), f.body());
            for (GroupReset.QueueOffset q : r.queues()) {
                out.add(new QueueReset(new MessageQueue(topic, b.getKey(), q.queueId()), q.offset(),
                        (r.modes() & GroupReset.MODE_OFFSET) != 0, (r.modes() & GroupReset.MODE_LEASE) != 0));
            }
        }
        return out;
    }

    /** Broker name to master address, for every broker group whose master serves {@code topic} readable; sorted by name. */
    private java.util.SortedMap<String, String> brokersServing(String topic) {
        java.util.SortedMap<String, String> out = new TreeMap<>();
        for (MessageQueue q : routes.readQueues(topic)) {
            out.computeIfAbsent(q.brokerName(), name -> routes.masterAddress(topic, name));
        }
        return out;
    }

    /**
     * One queue of a group's description: the queue's bounds, and the group's position in each mode it uses there.
     * Offset mode: the committed offset (-1 if none). Lease mode: the cursor ({@link GroupDescription.Lease}).
     */
    public record GroupQueue(MessageQueue queue, boolean offsetMode, boolean leaseMode, long committedOffset, long minOffset, long maxOffset,
                             GroupDescription.Lease lease) {
        /** Offset mode: messages stored and not yet consumed past the committed offset. */
        public long lag() {
            return maxOffset - Math.max(committedOffset, minOffset);
        }

        /** Lease mode: messages stored and not acknowledged (leased, ready, parked, unclaimed or not yet delivered). */
        public long backlog() {
            return lease.backlog(maxOffset);
        }
    }

    /**
     * Where a group stands on every queue of {@code topic} in both modes, one request per broker serving it. A group
     * a broker does not know has neither mode there (its committed offsets read -1).
     */
    public List<GroupQueue> describeGroup(String group, String topic) {
        byte[] header = new GroupDescription(group, topic).encode();
        List<GroupQueue> out = new ArrayList<>();
        for (java.util.Map.Entry<String, String> b : brokersServing(topic).entrySet()) {
            Frame f = check(client.invokeSync(b.getValue(), CommandCode.DESCRIBE_GROUP, header, null, TIMEOUT),
                    "description of group " + group + " on " + topic + " at " + b.getKey());
            GroupDescription.Result r = GroupDescription.Result.decode(f.header(), f.body());
            for (GroupDescription.Queue q : r.queues()) {
                out.add(new GroupQueue(new MessageQueue(topic, b.getKey(), q.queueId()), r.offsetMode(), r.leaseMode(), q.committedOffset(),
                        q.minOffset(), q.maxOffset(), q.lease()));
            }
        }
        return out;
    }

    /** Consumer groups known to any master: live ones, ones with committed offsets (offset mode) and lease cursors (lease mode). */
    public List<String> listGroups() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>();
        for (String broker : requireMasters()) {
            Frame f = check(client.invokeSync(broker, CommandCode.LIST_GROUPS, null, null, TIMEOUT), "list groups of " + broker);
            all.addAll(Heartbeat.decodeMembers(f.body()));
        }
        return new ArrayList<>(all);
    }

    /** The live members of a consumer group, from a broker serving {@code topic}. */
    public List<String> groupMembers(String group, String topic) {
        List<MessageQueue> queues = routes.readQueues(topic);
        if (queues.isEmpty()) {
            return List.of();
        }
        Frame f = client.invokeSync(routes.masterAddress(topic, queues.get(0).brokerName()), CommandCode.GET_CONSUMER_LIST,
                Headers.writer().str(group).toBytes(), null, TIMEOUT);
        check(f, "members of group " + group);
        return Heartbeat.decodeMembers(f.body());
    }

    /** A group's committed offset, and the lag, for every queue of {@code topic}. */
    public List<QueueLag> groupLag(String group, String topic) {
        return lag(group, topic);
    }

    private List<QueueLag> lag(String group, String topic) {
        List<QueueLag> out = new ArrayList<>();
        for (MessageQueue q : routes.readQueues(topic)) {
            String broker = routes.masterAddress(topic, q.brokerName());
            Frame b = client.invokeSync(broker, CommandCode.QUERY_QUEUE, new QueueQuery(topic, q.queueId(), -1).encode(), null, TIMEOUT);
            check(b, "bounds of " + q);
            QueueQuery.Result bounds = QueueQuery.Result.decode(b.header());
            long committed = -1;
            if (group != null) {
                Frame o = client.invokeSync(broker, CommandCode.QUERY_OFFSET, new OffsetRequest(group, topic, q.queueId(), -1).encode(), null, TIMEOUT);
                check(o, "offset of group " + group + " on " + q);
                committed = OffsetRequest.decodeOffset(o.header());
            }
            out.add(new QueueLag(q, committed, bounds.minOffset(), bounds.maxOffset()));
        }
        return out;
    }

    /** The prepared XA branches of every master broker (address -> Xids): in-doubt work only a transaction manager resolves. */
    public java.util.Map<String, List<io.tern.protocol.Xid>> preparedTransactions() {
        java.util.Map<String, List<io.tern.protocol.Xid>> out = new TreeMap<>();
        for (String broker : requireMasters()) {
            Frame f = client.invokeSync(broker, CommandCode.XA_RECOVER, null, null, TIMEOUT);
            check(f, "list prepared transactions of " + broker);
            out.put(broker, io.tern.protocol.XaRequest.decodeXids(f.header()));
        }
        return out;
    }

    /** Every live broker's counters ({@link io.tern.protocol.BrokerStats}), in the NameServer's order of brokers. */
    public java.util.Map<ClusterInfo.Entry, io.tern.protocol.BrokerStats> brokerStats() {
        java.util.Map<ClusterInfo.Entry, io.tern.protocol.BrokerStats> out = new java.util.LinkedHashMap<>();
        for (ClusterInfo.Entry e : cluster().brokers()) {
            Frame f = client.invokeSync(e.address(), CommandCode.BROKER_STATS, null, null, TIMEOUT);
            check(f, "stats of " + e.brokerName() + " at " + e.address());
            out.put(e, io.tern.protocol.BrokerStats.decode(f.body()));
        }
        return out;
    }

    /**
     * The limits every master reports (BROKER_LIMITS: maxMessageSize, maxFrameSize, maxDelayMillis, maxDeliveries), the
     * smallest of each across them: a message within them fits any broker a send may pick.
     */
    public java.util.Map<String, Long> limits() {
        java.util.Map<String, Long> out = new TreeMap<>();
        for (String broker : requireMasters()) {
            Frame f = check(client.invokeSync(broker, CommandCode.BROKER_LIMITS, null, null, TIMEOUT), "limits of " + broker);
            io.tern.protocol.BrokerStats.decode(f.body()).values().forEach((k, v) -> out.merge(k, v, Math::min));
        }
        return out;
    }

    /**
     * Every transaction of every master (address -> entries): open, prepared, parked, and resolved ones the broker
     * still remembers ({@link io.tern.protocol.TransactionList}). Needs admin on * with access control.
     */
    public java.util.Map<String, List<io.tern.protocol.TransactionList.Entry>> transactions() {
        java.util.Map<String, List<io.tern.protocol.TransactionList.Entry>> out = new TreeMap<>();
        for (String broker : requireMasters()) {
            Frame f = check(client.invokeSync(broker, CommandCode.LIST_TRANSACTIONS, null, null, TIMEOUT), "list transactions of " + broker);
            out.put(broker, io.tern.protocol.TransactionList.decode(f.body()));
        }
        return out;
    }

    /**
     * Commits or rolls back local transaction {@code txId} on the master that holds it (END_TRANSACTION, uncounted: an
     * operator resolving a transaction whose producer is gone). Returns the state it is in now ("committed", "rolled
     * back"); throws TX_UNKNOWN if no master knows it, TX_CONFLICT if it was resolved the other way.
     */
    public String endTransaction(String txId, boolean commit) {
        for (java.util.Map.Entry<String, List<io.tern.protocol.TransactionList.Entry>> b : transactions().entrySet()) {
            for (io.tern.protocol.TransactionList.Entry e : b.getValue()) {
                if (e.txId().equals(txId)) {
                    byte[] header = new io.tern.protocol.EndTransaction(txId, e.producerGroup() == null ? BROWSER_GROUP : e.producerGroup(),
                            commit ? io.tern.protocol.EndTransaction.COMMIT : io.tern.protocol.EndTransaction.ROLLBACK, false,
                            io.tern.protocol.EndTransaction.UNCOUNTED).encode();
                    Frame f = check(client.invokeSync(b.getKey(), CommandCode.END_TRANSACTION, header, null, TIMEOUT),
                            (commit ? "commit" : "rollback") + " of transaction " + txId + " on " + b.getKey());
                    return io.tern.protocol.EndTransaction.Result.decode(f.header()).state() == io.tern.protocol.EndTransaction.STATE_COMMITTED
                            ? "committed" : "rolled back";
                }
            }
        }
        throw new TernClientException(ResponseCode.TX_UNKNOWN, "no master broker registered with " + nameServers + " knows transaction " + txId);
    }

    /** The masters, or a {@link TernClientException} saying none is registered: a listing of nothing must not look like success. */
    private List<String> requireMasters() {
        List<String> out = masters();
        if (out.isEmpty()) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "no live broker is registered with the NameServer(s) " + nameServers
                    + " (is the broker running, and registered with these NameServers?)");
        }
        return out;
    }

    private List<String> masters() {
        List<String> out = new ArrayList<>();
        for (ClusterInfo.Entry e : cluster().brokers()) {
            if (e.brokerId() == 0 && !out.contains(e.address())) {
                out.add(e.address());
            }
        }
        return out;
    }

    private static byte[] topicHeader(TopicConfig t) {
        Headers.Writer w = Headers.writer();
        t.writeTo(w);
        return w.toBytes();
    }

    /**
     * Fetches every route this admin client knows again now: after a lost broker connection, the
     * broker may be back on another address (its registration from the new one replaced the old one). A NameServer
     * that does not answer leaves the last route.
     */
    public void refreshRoutes() {
        routes.refreshAll();
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }
}
