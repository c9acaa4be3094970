package io.tern.broker.internal.handler;

import io.tern.protocol.AckRequest;
import io.tern.protocol.ChangeInvisibilityRequest;
import io.tern.protocol.CommandCode;
import io.tern.protocol.DeliveryStateQuery;
import io.tern.protocol.EndTransaction;
import io.tern.protocol.Frame;
import io.tern.protocol.GroupDescription;
import io.tern.protocol.GroupReset;
import io.tern.protocol.Headers;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.LockRequest;
import io.tern.protocol.NackRequest;
import io.tern.protocol.Names;
import io.tern.protocol.OffsetRequest;
import io.tern.protocol.PullRequest;
import io.tern.protocol.QueueQuery;
import io.tern.protocol.ReceiveRequest;
import io.tern.protocol.SendBackRequest;
import io.tern.protocol.SendRequest;
import io.tern.protocol.TxAckRequest;
import io.tern.protocol.TxOffsetRequest;

import java.util.function.Function;

/**
 * The broker's check of every name a request carries ({@link Names}): topics, consumer and producer groups, client ids.
 * A request naming an invalid one is answered {@code INVALID_REQUEST} with the rule before it reaches its handler, so
 * no handler, table or file ever holds such a name, and a topic that could never exist is not reported as missing.
 * Transaction ids are checked where transactions start ({@code Transactions.invalidTxId}); message keys and tags by
 * the store. Names the broker derives (retry and dead-letter topics) are valid by construction.
 *
 * <p>Thread rules: stateless; runs on the Netty event loops ({@code RemotingServer.requestCheck}).
 */
public final class RequestNames implements Function<Frame, String> {
    @Override
    public String apply(Frame f) {
        byte[] h = f.header();
        return switch (f.code()) {
            case CommandCode.SEND, CommandCode.SEND_BATCH -> send(SendRequest.decode(h));
            case CommandCode.PULL -> {
                PullRequest p = PullRequest.decode(h);
                yield both(p.topic(), p.group());
            }
            case CommandCode.RECEIVE -> {
                ReceiveRequest r = ReceiveRequest.decode(h);
                yield both(r.topic(), r.group());
            }
            case CommandCode.ACK -> {
                AckRequest a = AckRequest.decode(h);
                yield both(a.topic(), a.group());
            }
            case CommandCode.NACK -> {
                NackRequest n = NackRequest.decode(h);
                yield both(n.topic(), n.group());
            }
            case CommandCode.CHANGE_INVISIBILITY -> {
                ChangeInvisibilityRequest c = ChangeInvisibilityRequest.decode(h);
                yield both(c.topic(), c.group());
            }
            case CommandCode.QUERY_OFFSET, CommandCode.COMMIT_OFFSET -> {
                OffsetRequest o = OffsetRequest.decode(h);
                yield both(o.topic(), o.group());
            }
            case CommandCode.LOCK_QUEUES, CommandCode.UNLOCK_QUEUES -> {
                LockRequest l = LockRequest.decode(h);
                String bad = both(l.topic(), l.group());
                yield bad != null ? bad : Names.invalidGroup("client id", l.clientId());
            }
            case CommandCode.QUERY_QUEUE -> Names.invalidTopic(QueueQuery.decode(h).topic());
            case CommandCode.CONSUMER_SEND_BACK -> {
                SendBackRequest s = SendBackRequest.decode(h);
                yield both(s.topic(), s.group());
            }
            case CommandCode.TX_ACK -> {
                TxAckRequest t = TxAckRequest.decode(h);
                yield both(t.topic(), t.group());
            }
            case CommandCode.TX_COMMIT_OFFSET -> {
                TxOffsetRequest t = TxOffsetRequest.decode(h);
                yield both(t.topic(), t.group());
            }
            case CommandCode.QUERY_DELIVERY_STATE -> {
                DeliveryStateQuery q = DeliveryStateQuery.decode(h);
                yield q.group() == null ? Names.invalidTopic(q.topic()) : both(q.topic(), q.group());
            }
            case CommandCode.DESCRIBE_GROUP -> {
                GroupDescription d = GroupDescription.decode(h);
                yield both(d.topic(), d.group());
            }
            case CommandCode.RESET_GROUP -> {
                GroupReset r = GroupReset.decode(h);
                yield both(r.topic(), r.group());
            }
            case CommandCode.HEARTBEAT -> heartbeat(Heartbeat.decode(h));
            case CommandCode.GET_CONSUMER_LIST -> Names.invalidGroup(memberListGroup(h));
            case CommandCode.END_TRANSACTION -> {
                EndTransaction e = EndTransaction.decode(h);
                yield e.producerGroup() == null ? null : Names.invalidGroup("producer group", e.producerGroup());
            }
            default -> null; // topic creation checks its own (TopicTable.invalid); the rest name no topic or group
        };
    }

    private static String send(SendRequest s) {
        String bad = Names.invalidTopic(s.topic());
        return bad != null || s.producerGroup() == null ? bad : Names.invalidGroup("producer group", s.producerGroup());
    }

    private static String both(String topic, String group) {
        String bad = Names.invalidTopic(topic);
        return bad != null ? bad : Names.invalidGroup(group);
    }

    private static String heartbeat(Heartbeat h) {
        String bad = Names.invalidGroup("client id", h.clientId());
        for (String g : h.consumerGroups()) {
            bad = bad != null ? bad : Names.invalidGroup(g);
        }
        for (String g : h.producerGroups()) {
            bad = bad != null ? bad : Names.invalidGroup("producer group", g);
        }
        return bad;
    }

    private static String memberListGroup(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        String group = r.str();
        r.end();
        return group;
    }
}
