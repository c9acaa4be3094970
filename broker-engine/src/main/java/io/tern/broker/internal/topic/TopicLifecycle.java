package io.tern.broker.internal.topic;

import io.netty.channel.Channel;
import io.tern.broker.internal.group.GroupLifecycle;
import io.tern.broker.internal.lease.LeaseTable;
import io.tern.broker.internal.longpoll.ReceiveWaiters;
import io.tern.broker.internal.offset.OffsetTable;
import io.tern.protocol.Headers;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.RetryTopics;
import io.tern.protocol.TopicConfig;
import io.tern.protocol.TopicDeleteRequest;
import io.tern.remoting.Request;
import io.tern.store.MessageStore;
import io.tern.store.internal.CheckedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * DELETE_TOPIC and CREATE_OWNED_TOPIC, and the deletion of owned topics whose connection is gone (docs/lifecycle.md).
 * Deleting a topic removes, in this order: its line in the topic table (sends are refused from here on, and the
 * NameServers are told at once), every consumer group's state on it ({@link GroupLifecycle#deleteState}), its held
 * receives (answered), and its consume queues ({@link MessageStore#deleteTopic}, which buries its old records so a
 * crash cannot bring them back). A send to a deleted topic is {@link ResponseCode#TOPIC_DELETED} until it is
 * created again, and never auto-creates it; a temporary name ({@code TMPQ.}, {@code TMPT.}) is never auto-created.
 *
 * <p>Owned topics belong to the connection that created them: deleted when it closes or dies, and at the next start
 * if the broker stopped first. Their names are kept in {@code <dataDir>/owned-topics} for that:
 * <pre>
 *   a CheckedFile, magic "TOW1", body: | count (int) | count x topic (string) |
 * </pre>
 *
 * <p>Thread rules: handler threads and the close path (on a handler thread); the owner map is concurrent, and the
 * owned-topics file is rewritten under this object's monitor.
 */
public final class TopicLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(TopicLifecycle.class);
    static final int OWNED_MAGIC = 0x544F5731; // "TOW1"

    private final MessageStore store;
    private final TopicTable topics;
    private final OffsetTable offsets;
    private final LeaseTable leases;
    private final GroupLifecycle groups;
    private final ReceiveWaiters waiters;
    private final Supplier<CompletableFuture<Void>> onChange;
    private final Path ownedFile;
    private final String brokerName;
    private final Map<String, Channel> owners = new ConcurrentHashMap<>();
    /** Topics being deleted whose consume queues the store has not buried yet: sends to them are refused too. */
    private final Set<String> deleting = ConcurrentHashMap.newKeySet();
    private volatile Set<String> systemTopics = Set.of();

    public TopicLifecycle(MessageStore store, TopicTable topics, OffsetTable offsets, LeaseTable leases, GroupLifecycle groups,
                          ReceiveWaiters waiters, Supplier<CompletableFuture<Void>> onChange, Path ownedFile, String brokerName) {
        this.store = store;
        this.topics = topics;
        this.offsets = offsets;
        this.leases = leases;
        this.groups = groups;
        this.waiters = waiters;
        this.onChange = onChange;
        this.ownedFile = ownedFile;
        this.brokerName = brokerName;
        groups.retryCleanup(this::deleteRetryTopics);
    }

    /** Whether sends to {@code topic}, which the table does not hold, are refused as deleted (TOPIC_DELETED). */
    public boolean deleted(String topic) {
        return deleting.contains(topic) || store.topicDeleted(topic);
    }

    /** The broker's own topics (schedule, half messages, expiry...): DELETE_TOPIC refuses them. Set before requests flow. */
    public void systemTopics(Set<String> names) {
        this.systemTopics = Set.copyOf(names);
    }

    /** Topics owned by live connections now (broker stats). */
    public int ownedTopics() {
        return owners.size();
    }

    public void delete(Request request) {
        TopicDeleteRequest d = TopicDeleteRequest.decode(request.frame().header());
        if (systemTopics.contains(d.topic())) {
            request.error(ResponseCode.NO_PERMISSION, "topic " + d.topic() + " is one of broker " + brokerName + "'s own "
                    + systemTopics + "; it cannot be deleted");
            return;
        }
        if (topics.get(d.topic()) == null) {
            request.error(ResponseCode.TOPIC_NOT_FOUND, "topic " + d.topic() + " does not exist on broker " + brokerName
                    + (deleted(d.topic()) ? " (it was deleted)" : ""));
            return;
        }
        deleteTopic(d.topic()).whenComplete((v, e) -> {
            if (e != null) {
                request.error(ResponseCode.STORE_UNAVAILABLE, "deleting topic " + d.topic() + " failed: " + e.getMessage());
            } else {
                request.ok(null, null);
            }
        });
    }

    /**
     * Deletes the topic and everything on it (see the class comment); completes once the store removed its queues.
     * The store buries the topic's records first (durably, before anything else changes), so a crash at any later step
     * leaves a topic whose old messages nobody sees again; an owned topic stays listed as owned until the end, so the
     * next start finishes what a crash interrupted.
     */
    public CompletableFuture<Void> deleteTopic(String name) {
        deleting.add(name);
        CompletableFuture<Void> buried = store.deleteTopic(name);
        if (buried.isCompletedExceptionally()) {
            deleting.remove(name);
            return buried; // the tombstone could not be written: nothing was changed
        }
        TopicConfig removed;
        try {
            removed = topics.remove(name);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Void> told = removed == null ? CompletableFuture.completedFuture(null) : onChange.get();
        SortedSet<String> onIt = new TreeSet<>(leases.groupsOn(name));
        onIt.addAll(offsets.groupsOn(name));
        List<CompletableFuture<?>> steps = new ArrayList<>();
        steps.add(told);
        onIt.forEach(g -> steps.add(groups.deleteState(g, name)));
        waiters.topicDeleted(name);
        steps.add(buried.thenRun(() -> disown(name)));
        return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new)).whenComplete((v, e) -> deleting.remove(name));
    }

    private void disown(String name) {
        if (owners.remove(name) != null) {
            try {
                writeOwned();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("topic " + name + " is deleted but " + ownedFile + " still lists it: " + e.getMessage(), e);
            }
        }
    }

    /** A group has no state left on any topic here: its retry and dead-letter topics go too. */
    private CompletableFuture<Void> deleteRetryTopics(String group, String topic) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (String t : List.of(RetryTopics.retryTopic(group), RetryTopics.deadLetterTopic(group))) {
            if (!t.equals(topic) && topics.get(t) != null) {
                all.add(deleteTopic(t));
            }
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    public void createOwned(Request request) throws IOException {
        Headers.Reader r = Headers.reader(request.frame().header());
        TopicConfig t = TopicConfig.readFrom(r);
        r.end();
        String why = TopicTable.invalid(t);
        if (why != null) {
            request.error(ResponseCode.INVALID_REQUEST, why);
            return;
        }
        Channel me = request.connection();
        Channel holder = owners.putIfAbsent(t.name(), me);
        if (holder != null && holder != me || holder == null && topics.get(t.name()) != null) {
            if (holder == null) {
                owners.remove(t.name(), me);
            }
            request.error(ResponseCode.INVALID_REQUEST, "topic " + t.name() + " exists on broker " + brokerName
                    + (holder != null ? " and is owned by another connection" : " and is not owned by a connection")
                    + "; an owned topic must be new: choose another name");
            return;
        }
        writeOwned(); // before the topic exists: a crash after it must find it listed
        topics.put(t);
        if (!me.isActive()) {
            connectionClosed(me); // its close listener may have run before the topic was recorded as its own
        }
        onChange.get().whenComplete((v, e) -> request.ok(null, null));
    }

    /** The connection closed: the topics it owns are deleted. */
    public void connectionClosed(Channel closed) {
        for (Map.Entry<String, Channel> e : List.copyOf(owners.entrySet())) {
            if (e.getValue() == closed && !deleting.contains(e.getKey())) {
                deleteTopic(e.getKey()).whenComplete((v, x) -> {
                    if (x != null) {
                        LOG.error("deleting topic {} after its owning connection closed failed; the next start deletes it", e.getKey(), x);
                    }
                });
            }
        }
    }

    /** At start: topics owned by connections of the last run are deleted (those connections are gone). */
    public void deleteLeftOwned() throws IOException {
        Headers.Reader r = CheckedFile.read(ownedFile, OWNED_MAGIC);
        if (r == null) {
            return;
        }
        int n = r.i32();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(r.str());
        }
        r.end();
        for (String name : names) {
            deleteTopic(name).join();
        }
        if (!names.isEmpty()) {
            LOG.info("deleted {} topics owned by connections of the last run: {}", names.size(), names);
        }
        writeOwned();
    }

    private synchronized void writeOwned() throws IOException {
        List<String> names = new ArrayList<>(owners.keySet());
        Headers.Writer w = Headers.writer().i32(names.size());
        names.forEach(w::str);
        CheckedFile.write(ownedFile, OWNED_MAGIC, w);
    }
}
