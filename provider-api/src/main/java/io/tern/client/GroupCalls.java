package io.tern.client;

import io.tern.client.internal.RouteCache;
import io.tern.protocol.CommandCode;
import io.tern.protocol.Frame;
import io.tern.protocol.Headers;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.LockRequest;
import io.tern.protocol.OffsetRequest;
import io.tern.protocol.QueueQuery;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.SendBackRequest;
import io.tern.protocol.TxOffsetRequest;
import io.tern.message.ReceivedMessage;
import io.tern.remoting.RemotingClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.tern.client.internal.Responses.check;

/**
 * The calls a consumer-group member makes to its topic's brokers: offsets, queue bounds, the member list, queue locks,
 * send-back. Stateless beyond its wiring; {@link PullConsumer} decides when to call what.
 * Thread rules: any thread (each call is one blocking request).
 */
final class GroupCalls {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCalls.class);

    private final RemotingClient client;
    private final RouteCache routes;
    private final String group;
    private final String topic;
    private final String clientId;
    private final Duration timeout;

    GroupCalls(RemotingClient client, RouteCache routes, String group, String topic, String clientId, Duration timeout) {
        this.client = client;
        this.routes = routes;
        this.group = group;
        this.topic = topic;
        this.clientId = clientId;
        this.timeout = timeout;
    }

    String group() {
        return group;
    }

    /** The master serving {@code q}; throws if its broker group has none now. */
    String address(MessageQueue q) {
        String a = routes.masterAddress(topic, q.brokerName());
        if (a == null) {
            throw new TernClientException(ResponseCode.TOPIC_NOT_FOUND, "broker " + q.brokerName() + " has no live master");
        }
        return a;
    }

    long committedOffset(MessageQueue q) {
        Frame f = client.invokeSync(address(q), CommandCode.QUERY_OFFSET, new OffsetRequest(group, topic, q.queueId(), -1).encode(), null, timeout);
        return OffsetRequest.decodeOffset(check(f, "committed offset of " + q).header());
    }

    void commitOffset(MessageQueue q, long offset) {
        check(client.invokeSync(address(q), CommandCode.COMMIT_OFFSET, new OffsetRequest(group, topic, q.queueId(), offset).encode(), null, timeout),
                "commit offset of " + q);
    }

    /** TX_COMMIT_OFFSET: {@code offset} becomes the group's committed offset of {@code q} if transaction {@code txId} commits. */
    void holdOffset(MessageQueue q, String txId, long offset) {
        check(client.invokeSync(address(q), CommandCode.TX_COMMIT_OFFSET, new TxOffsetRequest(txId, group, topic, q.queueId(), offset).encode(),
                null, timeout), "commit of offset " + offset + " of " + q + " in transaction " + txId);
    }

    /** The queue's bounds, and with {@code timestamp} >= 0 the first offset stored at or after it. */
    QueueQuery.Result queue(MessageQueue q, long timestamp) {
        Frame f = client.invokeSync(address(q), CommandCode.QUERY_QUEUE, new QueueQuery(topic, q.queueId(), timestamp).encode(), null, timeout);
        return QueueQuery.Result.decode(check(f, "bounds of " + q).header());
    }

    /** The group's live members, sorted; this member is added if its heartbeat has not reached the broker yet. */
    List<String> members(List<MessageQueue> all) {
        if (all.isEmpty()) {
            return List.of(clientId);
        }
        Frame f = client.invokeSync(address(all.get(0)), CommandCode.GET_CONSUMER_LIST, Headers.writer().str(group).toBytes(), null, timeout);
        List<String> members = new ArrayList<>(Heartbeat.decodeMembers(check(f, "member list of group " + group).body()));
        if (!members.contains(clientId)) {
            members.add(clientId);
            members.sort(null);
        }
        return members;
    }

    /** LOCK_QUEUES for {@code queues}, one call per broker: granted or refused for each queue whose broker answered. */
    Map<MessageQueue, Boolean> lock(List<MessageQueue> queues) {
        Map<MessageQueue, Boolean> answers = new HashMap<>();
        Map<String, List<MessageQueue>> byBroker = queues.stream().collect(Collectors.groupingBy(MessageQueue::brokerName));
        byBroker.forEach((brokerName, qs) -> {
            try {
                List<Integer> ids = qs.stream().map(MessageQueue::queueId).toList();
                Frame f = client.invokeSync(address(qs.get(0)), CommandCode.LOCK_QUEUES,
                        new LockRequest(group, clientId, topic, ids).encode(), null, timeout);
                List<Integer> held = LockRequest.decodeLocked(check(f, "lock of " + topic + " queues " + ids + " on " + brokerName).body());
                qs.forEach(q -> answers.put(q, held.contains(q.queueId())));
            } catch (RuntimeException e) {
                LOG.warn("locking {} queues on {} failed; will retry", topic, brokerName, e);
            }
        });
        return answers;
    }

    void unlock(MessageQueue q) {
        check(client.invokeSync(address(q), CommandCode.UNLOCK_QUEUES, new LockRequest(group, clientId, topic, List.of(q.queueId())).encode(),
                null, timeout), "unlock of " + q);
    }

    /** CONSUMER_SEND_BACK: the broker moves a copy to the retry topic (or the DLQ after maxDeliveries). */
    SendBackRequest.Result sendBack(MessageQueue q, ReceivedMessage m, int deliveryCount) {
        Frame f = client.invokeSync(address(q), CommandCode.CONSUMER_SEND_BACK, new SendBackRequest(group, topic, q.queueId(),
                m.queueOffset(), deliveryCount, SendBackRequest.BROKER_BACKOFF).encode(), null, timeout);
        return SendBackRequest.Result.decode(check(f, "send-back of " + m.message().id() + " from " + q + " offset " + m.queueOffset()).header());
    }
}
