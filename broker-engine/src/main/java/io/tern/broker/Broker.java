package io.tern.broker;

import io.tern.acl.AclFile;
import io.tern.acl.Login;
import io.tern.broker.internal.transaction.ConnectionTransactions;
import io.tern.broker.internal.group.GroupMembers;
import io.tern.broker.internal.handler.RequestNames;
import io.tern.broker.acl.BrokerAccessPolicy;
import io.tern.broker.internal.group.ClientIds;
import io.tern.broker.internal.group.ConsumerHandlers;
import io.tern.broker.internal.delay.DelayTimer;
import io.tern.broker.internal.group.DeliveryStateHandler;
import io.tern.broker.internal.group.GroupAdminHandlers;
import io.tern.broker.internal.group.GroupLifecycle;
import io.tern.broker.internal.topic.TopicLifecycle;
import io.tern.broker.internal.topic.BacklogGauge;
import io.tern.broker.internal.delay.DeliveryTimes;
import io.tern.broker.internal.longpoll.DispatchFanout;
import io.tern.broker.internal.delay.ExpiryGate;
import io.tern.broker.internal.lease.LeaseService;
import io.tern.broker.internal.lease.LeaseTable;
import io.tern.broker.internal.offset.LockHandlers;
import io.tern.broker.internal.offset.QueueLocks;
import io.tern.broker.internal.longpoll.LongPollHolder;
import io.tern.broker.internal.handler.MessageQueryHandler;
import io.tern.broker.internal.longpoll.ReceiveWaiters;
import io.tern.broker.internal.offset.OffsetHandlers;
import io.tern.broker.internal.offset.OffsetTable;
import io.tern.broker.internal.handler.PullHandler;
import io.tern.broker.internal.handler.RetryAppender;
import io.tern.broker.internal.handler.SendBackHandler;
import io.tern.broker.internal.handler.SendHandler;
import io.tern.broker.internal.topic.TopicHandlers;
import io.tern.broker.internal.topic.TopicTable;
import io.tern.broker.internal.transaction.TransactionChecker;
import io.tern.broker.internal.transaction.TransactionService;
import io.tern.broker.internal.transaction.TransactionTable;
import io.tern.broker.internal.transaction.TxCaller;
import io.tern.broker.internal.transaction.TxOffsetCommits;
import io.tern.protocol.Transactions;
import io.tern.protocol.BrokerRegistration;
import io.tern.namesrv.BrokerRegistrar;
import io.tern.protocol.BrokerStats;
import io.tern.protocol.CommandCode;
import io.tern.protocol.TopicConfig;
import io.tern.remoting.RemotingClient;
import io.tern.remoting.RemotingServer;
import io.tern.store.FlushMode;
import io.tern.store.MessageStore;
import io.tern.store.StoreException;
import io.tern.store.internal.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker: the store behind a {@link RemotingServer}, serving sends, pulls, offsets, topics and consumer groups.
 *
 * <pre>
 *   Netty I/O --decode--> handler executor: SendHandler --append--> MessageStore --dispatch--> LongPollHolder, ReceiveWaiters
 *                                           PullHandler <-------- read ------------'              | wake
 *                                           LeaseService <------- read, lease -----'              v
 *                                              | acks, nacks                       handler executor: serve held pulls and receives
 *                                              v
 *                                           AckJournal agent: group-committed journal + checkpoint (dataDir/lease)
 *   SendHandler --due later--> schedule queue TERN_SCHEDULE --> DelayTimer agent --when due, same id--> real queue
 *                                                               (dataDir/timer/checkpoint: done offsets)
 *                                           transactions: TransactionService + journal (dataDir/txn), TransactionChecker agent
 *                                           offsets, topics, heartbeats
 *   SendHandler (half messages) --> TERN_HALF; TransactionService: END_TRANSACTION, TX_ACK, XA_* --> txn journal agent (dataDir/txn)
 *   TxOffsetCommits: TX_COMMIT_OFFSET --> txn journal; a commit advances OffsetTable, APPLIED once dataDir/offsets holds it
 *   TransactionChecker agent: CHECK_TRANSACTION to a live producer of the group, or park in TERN_TX_UNRESOLVED;
 *                             rolls back transactions of held acks/offsets only, txAckHold after the last one
 * </pre>
 *
 * Thread rules: {@link #start} and {@link #close} from one thread; everything else happens on the executors.
 * Close is graceful: stop accepting, answer held pulls and receives, persist offsets, checkpoint the lease cursors and the
 * transaction table, close the store (flush and checkpoint).
 */
public final class Broker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Broker.class);
    /** Handler queue per thread before new requests get SYSTEM_BUSY: bounds memory when the store stalls. */
    private static final int QUEUE_PER_THREAD = 1024;
    /** Lease checkpoints bound the journal a restart replays: ~5 s of acks (at 50k acks/s, 250k records, ~15 MB). */
    private static final Duration LEASE_CHECKPOINT_INTERVAL = Duration.ofSeconds(5);
    /** The ack journal agent's idle park: appends wake it at once, so this bounds only the checkpoint's lateness. */
    private static final long JOURNAL_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The checker only looks at clock time: 100 ms keeps a check within 2% of a 6 s timeout, at ~10 table scans a second. */
    private static final long CHECKER_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The longest a topic's creator waits for the NameServers to learn it: one registration call timeout and some. */
    private static final long ANNOUNCE_WAIT_MILLIS = 5_000;
    private final BrokerConfig config;
    private final MessageStore store;
    private final TopicTable topics;
    private final OffsetTable offsets;
    private final GroupMembers consumers;
    private final GroupMembers producers;
    private final QueueLocks queueLocks;
    private final ExecutorService handlers;
    private final ScheduledExecutorService scheduler;
    private final LongPollHolder longPolls;
    private final LeaseTable leases;
    private final ReceiveWaiters receiveWaiters;
    private AgentRunner journalRunner;
    private final DelayTimer timer;
    private AgentRunner timerRunner;
    private final ExpiryGate expiry;
    private final TransactionTable transactions;
    private AgentRunner txJournalRunner;
    private AgentRunner txCheckerRunner;
    private final RemotingServer server;
    private final ClientIds clientIds = new ClientIds();
    /** Set by serve(), before the server starts (so before any handler thread reads them). */
    private LeaseService leaseService;
    private GroupLifecycle groupLifecycle;
    private TopicLifecycle topicLifecycle;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final long startedAt;
    private RemotingClient registrarClient;
    private BrokerRegistrar registrar;

    private Broker(BrokerConfig config) throws IOException {
        this.config = config;
        this.startedAt = config.clock().millis();
        this.store = MessageStore.open(config.store());
        this.topics = new TopicTable(config.store().dataDir().resolve("topics"));
        this.offsets = new OffsetTable(config.store().dataDir().resolve("offsets"));
        this.consumers = new GroupMembers(config.clock(), true, config.memberExpiry().toMillis());
        this.producers = new GroupMembers(config.clock(), false, config.memberExpiry().toMillis());
        this.queueLocks = new QueueLocks(config.clock(), QueueLocks.DEFAULT_EXPIRY_MILLIS);
        topics.load();
        offsets.load();
        int clamped = offsets.clampTo(store::maxOffset);
        if (clamped > 0) {
            LOG.warn("{} committed offsets were beyond their queues' recovered ends (the machine crashed before the log was"
                    + " flushed); they now point at those ends, so messages stored there now are consumed", clamped);
        }
        this.handlers = new ThreadPoolExecutor(config.handlerThreads(), config.handlerThreads(), 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(config.handlerThreads() * QUEUE_PER_THREAD), named("tern-handler"));
        java.util.concurrent.ScheduledThreadPoolExecutor timers = new java.util.concurrent.ScheduledThreadPoolExecutor(1, named("tern-broker-timer"));
        timers.setRemoveOnCancelPolicy(true); // an answered long poll cancels its timer: drop it from the queue now, not at its deadline
        this.scheduler = timers;
        this.longPolls = new LongPollHolder(handlers, scheduler, config.clock(), store::maxOffset);
        try {
            this.leases = LeaseTable.open(config.store().dataDir().resolve("lease"), store, config.clock(), LEASE_CHECKPOINT_INTERVAL);
        } catch (IOException | RuntimeException e) {
            store.close(); // release the directory lock: the operator may fix the lease files and start again
            throw e;
        }
        try {
            this.timer = new DelayTimer(store, config.store().dataDir().resolve("timer"), config.clock(), config.timerRollAge());
            if (config.expiryTopic() != null) {
                topics.getOrCreate(config.expiryTopic(), 1);
            }
            this.transactions = TransactionTable.open(config.store().dataDir().resolve("txn"), config.clock(), LEASE_CHECKPOINT_INTERVAL,
                    config.transactions().resolvedRetention(), config.store().flushMode() == FlushMode.SYNC);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        this.expiry = new ExpiryGate(store, config.clock(), config.expiryTopic());
        this.receiveWaiters = new ReceiveWaiters(handlers, scheduler, config.clock());
        this.server = new RemotingServer(config.host(), config.port(), config.maxFrameSize(), config.brokerName() + "/" + config.brokerId(),
                config.serverLimits());
    }

    /** Removes the group members whose heartbeats stopped (their groups are told); any thread. */
    public void expireMembers() {
        try {
            consumers.expire();
            producers.expire();
        } catch (RuntimeException e) { // a failing round must not cancel the periodic task
            LOG.error("expiring silent group members failed", e);
        }
    }

    /** Opens the store (recovering it), binds the port and starts serving. */
    public static Broker start(BrokerConfig config) {
        Broker b;
        try {
            b = new Broker(config);
        } catch (IOException e) {
            throw new StoreException("cannot start broker " + config.brokerName() + ": " + e.getMessage(), e);
        }
        try {
            b.serve();
            return b;
        } catch (RuntimeException e) {
            b.close();
            throw e;
        }
    }

    private void serve() {
        long answerBytes = config.maxFrameSize() - (long) io.tern.protocol.FrameDescriptor.HEADROOM; // answers fit a frame
        PullHandler pull = new PullHandler(store, topics, longPolls, config.brokerName(), config.maxPullWait(), config.clock(), expiry,
                answerBytes);
        longPolls.server(pull::serve);
        timerRunner = new AgentRunner(timer, DelayTimer.IDLE_NANOS, config.brokerName());
        timer.wiring(timerRunner::wake);
        AgentRunner wakeTimer = timerRunner;
        store.setDispatchListener(new DispatchFanout(List.of(longPolls, receiveWaiters, (topic, queueId, max) -> {
            if (DelayTimer.TOPIC.equals(topic)) {
                wakeTimer.wake();
            }
        })));
        timerRunner.start();
        journalRunner = new AgentRunner(leases.journal(), JOURNAL_IDLE_NANOS, config.brokerName());
        leases.journal().wiring(journalRunner::wake);
        journalRunner.start();
        RetryAppender retries = new RetryAppender(store, topics, config.retry(), this::topicsChanged, config.clock());
        LeaseService lease = new LeaseService(store, topics, leases, receiveWaiters, config.brokerName(), config.maxPullWait(), config.clock(),
                retries, expiry, answerBytes);
        BrokerAccessPolicy access = config.aclFile() == null ? null : new BrokerAccessPolicy(AclFile.load(config.aclFile()));
        TxCaller.Lookup callers = access == null ? TxCaller.Lookup.NO_ACCESS_CONTROL : TxCaller.Lookup.fromPrincipals(access::isAdmin);
        ConnectionTransactions perConnection = new ConnectionTransactions(config.maxTransactionsPerConnection(), transactions::takesWork);
        server.onClose(perConnection::connectionClosed);
        TxOffsetCommits offsetCommits = new TxOffsetCommits(transactions, topics, store, offsets, callers, perConnection);
        TransactionService txn = startTransactions(offsetCommits, callers, perConnection);
        SendHandler send = new SendHandler(store, topics, config.autoCreateTopics(), config.defaultQueues(), this::topicsChanged, handlers,
                new DeliveryTimes(config.maxDelay(), config.delayLevels()), config.clock(), txn, config.maxFrameSize());
        OffsetHandlers offsetHandlers = new OffsetHandlers(offsets, store);
        TopicHandlers topicHandlers = new TopicHandlers(topics, store, this::topicsChanged);
        ConsumerHandlers consumerHandlers = new ConsumerHandlers(consumers, producers, offsets, leases);
        server.registerInline(CommandCode.SEND, send); // appends only enqueue; see SendHandler for the one slow case
        server.registerInline(CommandCode.SEND_BATCH, send);
        server.register(CommandCode.PULL, pull, handlers);
        server.register(CommandCode.QUERY_OFFSET, offsetHandlers::query, handlers);
        server.register(CommandCode.COMMIT_OFFSET, offsetHandlers::commit, handlers);
        server.register(CommandCode.QUERY_QUEUE, offsetHandlers::queue, handlers);
        server.register(CommandCode.RECEIVE, lease::receive, handlers);
        server.register(CommandCode.ACK, lease::ack, handlers);
        server.register(CommandCode.NACK, lease::nack, handlers);
        server.register(CommandCode.CHANGE_INVISIBILITY, lease::changeInvisibility, handlers);
        server.register(CommandCode.RELEASE_LEASE, lease::release, handlers);
        leaseService = lease;
        groupLifecycle = new GroupLifecycle(store, topics, offsets, leases, lease, receiveWaiters, consumers, config.brokerName());
        server.register(CommandCode.OPEN_GROUP, groupLifecycle::open, handlers);
        server.register(CommandCode.DELETE_GROUP, groupLifecycle::delete, handlers);
        server.register(CommandCode.CLAIM_CLIENT_ID, clientIds::claim, handlers);
        server.register(CommandCode.RELEASE_CLIENT_ID, clientIds::release, handlers);
        server.onClose(clientIds::connectionClosed); // a map removal: short enough for the event loop
        topicLifecycle = new TopicLifecycle(store, topics, offsets, leases, groupLifecycle, receiveWaiters, this::topicsChanged,
                config.store().dataDir().resolve("owned-topics"), config.brokerName());
        try {
            topicLifecycle.deleteLeftOwned();
        } catch (IOException e) {
            throw new StoreException("cannot delete the topics owned by connections of the last run: " + e.getMessage(), e);
        }
        java.util.Set<String> own = new java.util.HashSet<>(List.of(DelayTimer.TOPIC, Transactions.HALF_TOPIC, Transactions.UNRESOLVED_TOPIC,
                TopicConfig.AUTO_CREATE_TOPIC));
        if (config.expiryTopic() != null) {
            own.add(config.expiryTopic());
        }
        topicLifecycle.systemTopics(own);
        groupLifecycle.deleteRecoveredEphemeral(); // after the topic side is wired: their retry topics go too
        send.refuseDeleted(topicLifecycle::deleted);
        BacklogGauge backlog = new BacklogGauge(store, leases, offsets, config.clock());
        topics.onRemove(backlog::forget);
        send.limitBacklog(backlog);
        server.register(CommandCode.DELETE_TOPIC, topicLifecycle::delete, handlers);
        server.register(CommandCode.CREATE_OWNED_TOPIC, topicLifecycle::createOwned, handlers);
        server.onClose(ch -> onHandlerThread(() -> {
            lease.connectionClosed(ch); // its leases first: they must not count as in use by a dead connection
            groupLifecycle.connectionClosed(ch);
            topicLifecycle.connectionClosed(ch);
        }));
        server.register(CommandCode.CREATE_TOPIC, topicHandlers::create, handlers);
        server.register(CommandCode.LIST_TOPICS, topicHandlers::list, handlers);
        server.register(CommandCode.HEARTBEAT, consumerHandlers::heartbeat, handlers);
        server.register(CommandCode.GET_CONSUMER_LIST, consumerHandlers::members, handlers);
        server.register(CommandCode.LIST_GROUPS, consumerHandlers::groups, handlers);
        server.register(CommandCode.QUERY_MESSAGE, new MessageQueryHandler(store, config.brokerName(), handlers), handlers);
        server.register(CommandCode.QUERY_DELIVERY_STATE, new DeliveryStateHandler(store, topics, offsets, consumers, leases, transactions,
                config.clock()), handlers);
        GroupAdminHandlers groupAdmin = new GroupAdminHandlers(store, topics, offsets, consumers, leases, transactions, receiveWaiters,
                config.brokerName(), config.clock());
        server.register(CommandCode.RESET_GROUP, groupAdmin::reset, handlers);
        server.register(CommandCode.DESCRIBE_GROUP, groupAdmin::describe, handlers);
        server.register(CommandCode.CONSUMER_SEND_BACK, new SendBackHandler(store, retries), handlers);
        LockHandlers lockHandlers = new LockHandlers(queueLocks);
        server.register(CommandCode.LOCK_QUEUES, lockHandlers::lock, handlers);
        server.register(CommandCode.UNLOCK_QUEUES, lockHandlers::unlock, handlers);
        server.register(CommandCode.END_TRANSACTION, txn::end, handlers);
        server.register(CommandCode.TX_ACK, txn::holdAck, handlers);
        server.register(CommandCode.TX_COMMIT_OFFSET, offsetCommits::hold, handlers);
        server.register(CommandCode.XA_PREPARE, txn::prepare, handlers);
        server.register(CommandCode.XA_COMMIT, txn::xaCommit, handlers);
        server.register(CommandCode.XA_ROLLBACK, txn::xaRollback, handlers);
        server.register(CommandCode.XA_RECOVER, txn::xaRecover, handlers);
        server.register(CommandCode.BROKER_LIMITS, new io.tern.broker.internal.handler.BrokerLimitsHandler(limits()), handlers);
        server.register(CommandCode.LIST_TRANSACTIONS, new io.tern.broker.internal.transaction.TransactionListHandler(transactions), handlers);
        server.register(CommandCode.BROKER_STATS, r -> {
            if (r.frame().header().length != 0) {
                throw new io.tern.protocol.FrameCodecException("BROKER_STATS takes no header, got " + r.frame().header().length + " bytes");
            }
            r.ok(null, stats().encode());
        }, handlers);
        server.requestCheck(new RequestNames()); // before the ACL: an invalid name is refused as invalid, naming the rule
        if (access != null) {
            server.accessPolicy(access);
        } else {
            LOG.warn("broker {} has no ACL file: every client may produce, consume and administer; give one (--acl FILE) to control access",
                    config.brokerName());
        }
        server.onClose(queueLocks::connectionClosed); // before the members leave: their successors' locks must find the queues free
        server.onClose(consumers::connectionClosed);
        server.onClose(producers::connectionClosed);
        server.start();
        scheduler.scheduleWithFixedDelay(this::persistOffsets, 5, 5, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(this::expireMembers, 5, 5, TimeUnit.SECONDS); // memory back from members gone silent
        if (!config.nameServers().isEmpty()) {
            registrarClient = new RemotingClient("broker-" + config.brokerName() + "-" + config.brokerId(), config.maxFrameSize(),
                    Duration.ofSeconds(3), 64, 64);
            Login login = config.nameServerLogin();
            if (login != null) {
                registrarClient.credentials(login.user(), login.password());
            }
            registrar = new BrokerRegistrar(new BrokerRegistrar.Settings(config.nameServers(), config.registerInterval(),
                    BrokerRegistrar.DEFAULT_CALL_TIMEOUT, config.clock()), this::registration, registrarClient);
            registrar.doWork(); // once before start() returns: a started broker is routable (a NameServer that is down is logged)
            registrar.start();
        }
        LOG.info("broker {}/{} serving on {} (store {})", config.brokerName(), config.brokerId(), address(), config.store().dataDir());
    }

    /** The transaction journal and checker agents; commits a crash interrupted are finished. */
    private TransactionService startTransactions(TxOffsetCommits offsetCommits, TxCaller.Lookup callers,
                                                 ConnectionTransactions perConnection) {
        TransactionService txn = new TransactionService(transactions, store, leases, receiveWaiters, config.clock(),
                config.transactions().ackHold().toMillis(), handlers, offsetCommits, callers, perConnection);
        txJournalRunner = new AgentRunner(transactions.journal(), JOURNAL_IDLE_NANOS, config.brokerName());
        transactions.journal().wiring(txJournalRunner::wake);
        txJournalRunner.start();
        try {
            topics.getOrCreate(Transactions.UNRESOLVED_TOPIC, 1); // registered, so tern consume can read parked messages
        } catch (IOException e) {
            throw new StoreException("cannot create topic " + Transactions.UNRESOLVED_TOPIC + ": " + e.getMessage(), e);
        }
        TransactionSettings t = config.transactions();
        txCheckerRunner = new AgentRunner(new TransactionChecker(transactions, store, producers, this::address, config.clock(),
                t.checkTimeout().toMillis(), t.checkInterval().toMillis(), t.maxChecks(), t.ackHold().toMillis(), txn::expire),
                CHECKER_IDLE_NANOS, config.brokerName());
        txCheckerRunner.start();
        txn.pinHeldAcks();
        txn.recoverCommits();
        return txn;
    }

    /** Topics were created or changed: the NameServers hear of it now, not at the next registration. */
    /**
     * Tells the NameServers about a new or changed topic at once. Completes when they have been told, so a client
     * answered after it (the send that created the topic, CREATE_TOPIC) finds the route at once; or after
     * {@link #ANNOUNCE_WAIT_MILLIS} if they are slow (the periodic rounds go on trying).
     */
    private CompletableFuture<Void> topicsChanged() {
        BrokerRegistrar r = registrar;
        if (r == null) {
            return CompletableFuture.completedFuture(null);
        }
        return r.registerNow().copy().completeOnTimeout(null, ANNOUNCE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** What this broker tells the NameServers: itself and its topics, now. */
    public BrokerRegistration registration() {
        List<TopicConfig> served = topics.all();
        if (config.autoCreateTopics()) {
            served.add(new TopicConfig(TopicConfig.AUTO_CREATE_TOPIC, config.defaultQueues(), config.defaultQueues(), TopicConfig.PERM_WRITE));
        }
        return new BrokerRegistration(config.cluster(), config.brokerName(), config.brokerId(), address(), served);
    }

    public String address() {
        return config.advertisedAddress(server.port());
    }

    /**
     * The NameServers whose last registration round failed, with why (unreachable, refused login, no permission); empty
     * when every NameServer took it, or when there are none. The broker keeps trying each on its registration interval.
     */
    public Map<String, String> registrationFailures() {
        BrokerRegistrar r = registrar;
        return r == null ? Map.of() : r.failures();
    }

    public BrokerConfig config() {
        return config;
    }

    public MessageStore store() {
        return store;
    }

    /** The delay timer's counters: pending, delivered, rolled, lost, duplicates skipped after a restart. */
    public DelayTimer.Stats timerStats() {
        return timer.stats();
    }

    /** Expired messages kept from consumers since start (and routed to {@code expiryTopic} if set). */
    public long expiredCount() {
        return expiry.expiredCount();
    }

    /**
     * The counters {@code tern admin stats} shows: commit-log positions (bytes; what is written but not yet flushed or
     * dispatched is the difference), flushes, records read (a filtered consumer's tag hashes keep it low), expired
     * messages met since start, and the delay timer's counters.
     */
    public BrokerStats stats() {
        Map<String, Long> v = new LinkedHashMap<>();
        v.put("uptime.millis", config.clock().millis() - startedAt);
        v.put("commitlog.min", store.minCommitLogOffset());
        v.put("commitlog.written", store.writtenPosition());
        v.put("commitlog.flushed", store.flushedPosition());
        v.put("commitlog.dispatched", store.dispatchedPosition());
        v.put("commitlog.flushes", store.flushCount());
        v.put("commitlog.fsync.failedAt", store.fsyncFailedAt()); // non-zero: nothing is durable any more, see the log
        v.put("commitlog.reads", store.recordsRead());
        v.put("messages.expired", expiry.expiredCount());
        v.put("lease.receives.waiting", (long) receiveWaiters.waiting());
        v.put("pull.held", (long) longPolls.waiting());
        v.put("pull.heldTimers", (long) (longPolls.pendingTimers() + receiveWaiters.pendingTimers()));
        v.put("lease.cursors", (long) leases.size());
        v.put("lease.held.by.connections", (long) leaseService.leasesHeldByConnections());
        v.put("lifecycle.groups.ephemeral", (long) groupLifecycle.ephemeralGroups());
        v.put("lifecycle.topics.owned", (long) topicLifecycle.ownedTopics());
        v.put("lifecycle.topics.deleted", (long) store.deletedTopicCount());
        v.put("lifecycle.clientids.held", (long) clientIds.held());
        DelayTimer.Stats t = timer.stats();
        v.put("timer.pending", t.pending());
        v.put("timer.delivered", t.delivered());
        v.put("timer.rolled", t.rolled());
        v.put("timer.lost", t.lost());
        return new BrokerStats(v);
    }

    /** What BROKER_LIMITS answers: the configuration a client checks before it sends. */
    private Map<String, Long> limits() {
        Map<String, Long> v = new LinkedHashMap<>();
        v.put(io.tern.broker.internal.handler.BrokerLimitsHandler.MAX_MESSAGE_SIZE, (long) config.store().maxMessageSize());
        v.put(io.tern.broker.internal.handler.BrokerLimitsHandler.MAX_FRAME_SIZE, (long) config.maxFrameSize());
        v.put(io.tern.broker.internal.handler.BrokerLimitsHandler.MAX_DELAY_MILLIS, config.maxDelay().toMillis());
        v.put(io.tern.broker.internal.handler.BrokerLimitsHandler.MAX_DELIVERIES, (long) config.retry().maxDeliveries());
        return v;
    }

    /** Close listeners run on an event loop: their cursor and journal work goes to a handler thread (inline if it is full). */
    private void onHandlerThread(Runnable work) {
        try {
            handlers.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            work.run();
        }
    }

    private void persistOffsets() {
        try {
            offsets.persist();
        } catch (IOException | RuntimeException e) {
            LOG.error("persisting consumer offsets failed; will retry", e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (registrar != null) {
            registrar.close(); // unregister first: clients stop routing here before the port closes
            registrarClient.close();
        }
        server.close();
        longPolls.releaseAll();
        receiveWaiters.releaseAll();
        handlers.shutdown();
        try {
            if (!handlers.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("handlers still busy after 10 s; closing the store anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.shutdownNow();
        persistOffsets();
        if (txCheckerRunner != null) {
            txCheckerRunner.close();
        }
        if (journalRunner != null) {
            journalRunner.close(); // writes queued acks and checkpoints the cursors
        }
        if (timerRunner != null) {
            timerRunner.close(); // waits for its appends in flight, writes the timer checkpoint
        }
        if (txJournalRunner != null) {
            txJournalRunner.close(); // writes queued transaction records and checkpoints the table
        }
        store.close();
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
