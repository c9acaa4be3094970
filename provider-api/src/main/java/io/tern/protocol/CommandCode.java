package io.tern.protocol;

/**
 * Request codes: the {@code code} of a request frame. One descriptor class per command documents its header.
 * Never renumber: peers of different versions must agree.
 */
public final class CommandCode {
    /** First frame on every connection: protocol version and client identity ({@link Handshake}). */
    public static final short HANDSHAKE = 1;

    // NameServer
    /** A broker announces itself and its topics ({@link BrokerRegistration}); repeated every 30 s as a heartbeat. */
    public static final short REGISTER_BROKER = 20;
    /** A broker leaves in an orderly way (header: {@link BrokerRegistration} without topics). */
    public static final short UNREGISTER_BROKER = 21;
    /** Which brokers serve a topic, with how many queues ({@link TopicRoute}). */
    public static final short GET_ROUTE = 22;
    /** Every broker known to the NameServer ({@link ClusterInfo}). */
    public static final short GET_CLUSTER_INFO = 23;

    // Broker: produce
    /** One message ({@link SendRequest}; body: a message, see {@link MessageCodec}). */
    public static final short SEND = 30;
    /** Several messages of one topic and queue ({@link SendRequest}; body: a batch). */
    public static final short SEND_BATCH = 31;

    // Broker: consume in offset mode
    /** Messages of a queue from an offset, held up to maxWait if there are none ({@link PullRequest}). */
    public static final short PULL = 40;
    /** A group's committed offset of a queue ({@link OffsetRequest}). */
    public static final short QUERY_OFFSET = 41;
    /** Commit a group's offset of a queue ({@link OffsetRequest}). */
    public static final short COMMIT_OFFSET = 42;
    /** A queue's first and next offsets, or the first offset stored at or after a time ({@link QueueQuery}). */
    public static final short QUERY_QUEUE = 43;

    // Broker: consume in lease mode (per-message leases, like RocketMQ 5 POP)
    /** Lease up to maxMessages of a topic for a group, held up to maxWait if there are none ({@link ReceiveRequest}). */
    public static final short RECEIVE = 44;
    /** Acknowledge a leased message: it is never delivered to the group again ({@link AckRequest}). */
    public static final short ACK = 45;
    /** Give a leased message back for redelivery, now or after a delay ({@link NackRequest}). */
    public static final short NACK = 46;
    /** Move a lease's deadline: now + invisibility ({@link ChangeInvisibilityRequest}). */
    public static final short CHANGE_INVISIBILITY = 47;

    // Broker: topics and groups
    /** Create or update a topic ({@link TopicConfig} in the header). */
    public static final short CREATE_TOPIC = 50;
    /** Every topic the broker serves (response body: topic list). */
    public static final short LIST_TOPICS = 51;
    /** A broker's counters: store positions, expired messages, delay timer, transactions (response body: {@link BrokerStats}). */
    public static final short BROKER_STATS = 52;
    /** A client is alive and consumes in these groups ({@link Heartbeat}). */
    public static final short HEARTBEAT = 60;
    /** The live members of a consumer group ({@link Heartbeat#encodeMembers}). */
    public static final short GET_CONSUMER_LIST = 61;
    /** Broker to client, oneway: a group's membership changed; rebalance now (header: | group (string) |). */
    public static final short NOTIFY_MEMBERS_CHANGED = 62;
    /** Messages by id or by (topic, key), from the broker's index ({@link MessageQuery}). */
    public static final short QUERY_MESSAGE = 70;
    /**
     * Where a stored message stands for one consumer group, or for every group the broker knows on its topic: offset
     * mode consumed or not, lease mode acked, leased, ready, parked, unclaimed or not delivered ({@link DeliveryStateQuery}).
     */
    public static final short QUERY_DELIVERY_STATE = 71;
    /** The consumer groups a broker knows: live ones and ones with committed offsets ({@link Heartbeat}). */
    public static final short LIST_GROUPS = 63;
    /**
     * Lock queues of a topic for an orderly consumer of a group ({@link LockRequest}); the response body lists the
     * queue ids of the request the client holds now. Repeating it renews the locks.
     */
    public static final short LOCK_QUEUES = 64;
    /** Release queue locks this client holds ({@link LockRequest}); locks held by others are left alone. */
    public static final short UNLOCK_QUEUES = 65;

    // Broker: retry and dead letters
    /**
     * A consumer failed a message: the broker appends it to the group's retry topic, due after a back-off, or to the
     * group's dead-letter topic once it was delivered maxDeliveries times ({@link SendBackRequest}).
     */
    public static final short CONSUMER_SEND_BACK = 80;

    // Broker: transactions (half messages, check-back, XA); see Transactions for the flags and system topics
    /** Commit or roll back a transaction; the producer's answer to a check as well ({@link EndTransaction}). */
    public static final short END_TRANSACTION = 90;
    /** Broker to client, oneway: is this transaction of your producer group committed? ({@link CheckTransaction}). */
    public static final short CHECK_TRANSACTION = 91;
    /** Hold a lease ack in a transaction: it applies on commit, the lease is given back on rollback ({@link TxAckRequest}). */
    public static final short TX_ACK = 92;
    /** XA prepare: the transaction's half messages and held acks are made durable ({@link XaRequest}). */
    public static final short XA_PREPARE = 93;
    /** XA commit, one-phase (not prepared) or two-phase (prepared) ({@link XaRequest}). */
    public static final short XA_COMMIT = 94;
    /** XA rollback, prepared or not ({@link XaRequest}). */
    public static final short XA_ROLLBACK = 95;
    /** The Xids of every prepared transaction on the broker (response: {@link XaRequest#encodeXids}). */
    public static final short XA_RECOVER = 96;
    /**
     * Hold an offset commit in a transaction: it becomes the group's committed offset on commit (if higher than the
     * one committed then), and is dropped on rollback ({@link TxOffsetRequest}).
     */
    public static final short TX_COMMIT_OFFSET = 97;

    // Broker: consumer group administration
    /**
     * Reset a consumer group on a topic to the start, the end or a time, in offset mode (committed offsets) and lease
     * mode (cursors) at once; the broker computes each queue's offset and answers the offsets it set ({@link GroupReset}).
     */
    public static final short RESET_GROUP = 98;
    /**
     * Where a consumer group stands on each queue of a topic: its committed offset (offset mode) and its cursor's
     * watermark, acked, leased, ready, parked and unclaimed counts (lease mode) ({@link GroupDescription}).
     */
    public static final short DESCRIBE_GROUP = 99;

    // Broker: lifecycle (groups, topics and client ids bound to connections; see docs/lifecycle.md)
    /** Make a lease group's cursors on every read queue of a topic at FIRST or END, if absent ({@link GroupOpenRequest}). */
    public static final short OPEN_GROUP = 100;
    /** Delete a consumer group's state on a topic: cursors, offsets, retry and dead-letter topics ({@link GroupDeleteRequest}). */
    public static final short DELETE_GROUP = 101;
    /** Delete a topic: its table line, consume queues and groups; deregistered at once ({@link TopicDeleteRequest}). */
    public static final short DELETE_TOPIC = 102;
    /**
     * Create a topic owned by the connection ({@link TopicConfig} in the header, as {@link #CREATE_TOPIC}): deleted as by
     * {@link #DELETE_TOPIC} when the connection closes or dies, or the broker restarts.
     */
    public static final short CREATE_OWNED_TOPIC = 103;
    /** Claim a client id for the connection ({@link ClientIdRequest}); {@link ResponseCode#CLIENT_ID_IN_USE} if another holds it. */
    public static final short CLAIM_CLIENT_ID = 104;
    /** Release a client id the connection holds ({@link ClientIdRequest}). */
    public static final short RELEASE_CLIENT_ID = 105;
    /** Give a lease back without counting the delivery ({@link ReleaseLeaseRequest}). */
    public static final short RELEASE_LEASE = 106;
    /**
     * The broker's limits a client checks before sending (maxMessageSize, maxFrameSize, maxDelayMillis, ...); response
     * body in {@link BrokerStats}'s layout (named longs). Any logged-in user: a producer needs them, they are not secret.
     */
    public static final short BROKER_LIMITS = 120;
    /** Every transaction the broker knows: open, prepared, parked, and resolved ones it still remembers ({@link TransactionList}). */
    public static final short LIST_TRANSACTIONS = 121;

    private CommandCode() {
    }
}
