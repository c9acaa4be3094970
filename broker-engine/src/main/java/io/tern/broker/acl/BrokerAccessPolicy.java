package io.tern.broker.acl;

import io.tern.acl.AclAuthenticator;
import io.tern.acl.AclFile;
import io.tern.acl.AclFile.Action;
import io.tern.protocol.AckRequest;
import io.tern.protocol.ChangeInvisibilityRequest;
import io.tern.protocol.CommandCode;
import io.tern.protocol.DeliveryStateQuery;
import io.tern.protocol.Frame;
import io.tern.protocol.GroupDeleteRequest;
import io.tern.protocol.GroupDescription;
import io.tern.protocol.GroupOpenRequest;
import io.tern.protocol.ReleaseLeaseRequest;
import io.tern.protocol.TopicDeleteRequest;
import io.tern.protocol.GroupReset;
import io.tern.protocol.Headers;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.LockRequest;
import io.tern.protocol.NackRequest;
import io.tern.protocol.OffsetRequest;
import io.tern.protocol.PullRequest;
import io.tern.protocol.QueueQuery;
import io.tern.protocol.ReceiveRequest;
import io.tern.protocol.RetryTopics;
import io.tern.protocol.SendBackRequest;
import io.tern.protocol.SendRequest;
import io.tern.protocol.TxAckRequest;
import io.tern.protocol.TxOffsetRequest;
import io.tern.remoting.AccessPolicy;

/**
 * The broker's {@link AccessPolicy} over an {@link AclFile}; logins are checked by {@link AclAuthenticator}, as on
 * NameServers. Each request code names what it needs:
 * <pre>
 *   SEND, SEND_BATCH                                   produce on the topic
 *   PULL, RECEIVE, ACK, NACK, CHANGE_INVISIBILITY,
 *   QUERY_OFFSET, COMMIT_OFFSET, LOCK/UNLOCK_QUEUES,
 *   CONSUMER_SEND_BACK                                 consume on the topic and on the group
 *   QUERY_QUEUE                                        consume on the topic
 *   TX_ACK, TX_COMMIT_OFFSET                           consume on the topic and on the group
 *   TX_ACK                                             consume on the topic and on the group
 *   QUERY_DELIVERY_STATE naming a group                consume on the topic and on the group (QUERY_OFFSET tells as much)
 *   QUERY_DELIVERY_STATE for every group               admin on * (it shows every group's progress)
 *   DESCRIBE_GROUP                                     consume on the topic and on the group (what QUERY_OFFSET and
 *                                                      QUERY_QUEUE, which group describe used before, need)
 *   OPEN_GROUP, RELEASE_LEASE                          consume on the topic and on the group
 *   DELETE_GROUP                                       consume on the topic and on the group (a consumer deletes its own
 *                                                      subscription), or admin on the group
 *   DELETE_TOPIC                                       admin on the topic (topic:T, topic:* or *); a temporary name
 *                                                      (TMPQ., TMPT.) needs only produce on it, as creating it did
 *   CREATE_OWNED_TOPIC                                 produce on the topic (it lives only as long as the connection)
 *   CLAIM_CLIENT_ID, RELEASE_CLIENT_ID                 any logged-in user (bound to the connection)
 *   BROKER_LIMITS                                      any logged-in user (maxMessageSize and the like, checked before sending)
 *   LIST_TRANSACTIONS                                  admin on * (the rule for everything else: it names every producer group)
 *   RESET_GROUP                                        admin on the group (group:G, group:* or *): it moves where
 *                                                      every consumer of the group, in either mode, goes on
 *   (a group's own %RETRY%G and %DLQ%G topics need only consume on the group)
 *   HEARTBEAT                                          consume on every consumer group it joins (membership takes queues
 *                                                      in a rebalance); producer groups need only a login: a transaction's
 *                                                      check-backs go only to members logged in as its owner
 *   GET_CONSUMER_LIST                                  consume on the group (its member list)
 *   END_TRANSACTION, XA_PREPARE/COMMIT/ROLLBACK/RECOVER  any logged-in user here; the transaction service then lets only the
 *                                                      login that opened a transaction (or an admin on *) end, prepare or
 *                                                      join it, and XA_RECOVER lists only the caller's own branches
 *   everything else (topics, groups, lookups, and any code added later)      admin on *
 *   (admin on cluster:NAME is the NameServer's, for registering brokers: it grants nothing here)
 * </pre>
 * Denying what it does not know keeps a new command closed until someone decides who may use it.
 * Thread rules: immutable; any thread.
 */
public final class BrokerAccessPolicy implements AccessPolicy {
    private final AclFile acl;
    private final AclAuthenticator logins;

    public BrokerAccessPolicy(AclFile acl) {
        this.acl = acl;
        this.logins = new AclAuthenticator(acl, "broker");
    }

    @Override
    public Object login(String user, String password) throws Refused {
        return logins.login(user, password);
    }

    @Override
    public String deny(Object principal, Frame request) {
        String user = (String) principal;
        byte[] h = request.header();
        return switch (request.code()) {
            case CommandCode.SEND, CommandCode.SEND_BATCH -> need(user, Action.PRODUCE, SendRequest.decode(h).topic(), null);
            case CommandCode.PULL -> consume(user, PullRequest.decode(h).topic(), PullRequest.decode(h).group());
            case CommandCode.RECEIVE -> consume(user, ReceiveRequest.decode(h).topic(), ReceiveRequest.decode(h).group());
            case CommandCode.ACK -> consume(user, AckRequest.decode(h).topic(), AckRequest.decode(h).group());
            case CommandCode.NACK -> consume(user, NackRequest.decode(h).topic(), NackRequest.decode(h).group());
            case CommandCode.CHANGE_INVISIBILITY -> consume(user, ChangeInvisibilityRequest.decode(h).topic(), ChangeInvisibilityRequest.decode(h).group());
            case CommandCode.QUERY_OFFSET, CommandCode.COMMIT_OFFSET -> consume(user, OffsetRequest.decode(h).topic(), OffsetRequest.decode(h).group());
            case CommandCode.LOCK_QUEUES, CommandCode.UNLOCK_QUEUES -> consume(user, LockRequest.decode(h).topic(), LockRequest.decode(h).group());
            case CommandCode.QUERY_QUEUE -> consumeTopic(user, QueueQuery.decode(h).topic());
            case CommandCode.CONSUMER_SEND_BACK -> consume(user, SendBackRequest.decode(h).topic(), SendBackRequest.decode(h).group());
            case CommandCode.HEARTBEAT -> joins(user, Heartbeat.decode(h).consumerGroups());
            case CommandCode.GET_CONSUMER_LIST -> need(user, Action.CONSUME, null, Headers.reader(h).str());
            // a transaction's messages were checked when they were sent, its held acks and offsets below; whose it is,
            // the transaction service checks (it knows the owner): here ending one needs a login
            case CommandCode.END_TRANSACTION, CommandCode.XA_PREPARE, CommandCode.XA_COMMIT, CommandCode.XA_ROLLBACK,
                 CommandCode.XA_RECOVER -> null;
            case CommandCode.TX_ACK -> consume(user, TxAckRequest.decode(h).topic(), TxAckRequest.decode(h).group());
            case CommandCode.TX_COMMIT_OFFSET -> consume(user, TxOffsetRequest.decode(h).topic(), TxOffsetRequest.decode(h).group());
            case CommandCode.QUERY_DELIVERY_STATE -> deliveryState(user, DeliveryStateQuery.decode(h), request.code());
            case CommandCode.DESCRIBE_GROUP -> consume(user, GroupDescription.decode(h).topic(), GroupDescription.decode(h).group());
            case CommandCode.RESET_GROUP -> need(user, Action.ADMIN, null, GroupReset.decode(h).group());
            case CommandCode.OPEN_GROUP -> consume(user, GroupOpenRequest.decode(h).topic(), GroupOpenRequest.decode(h).group());
            case CommandCode.RELEASE_LEASE -> consume(user, ReleaseLeaseRequest.decode(h).topic(), ReleaseLeaseRequest.decode(h).group());
            case CommandCode.DELETE_GROUP -> deleteGroup(user, GroupDeleteRequest.decode(h));
            case CommandCode.DELETE_TOPIC -> deleteTopic(user, TopicDeleteRequest.decode(h).topic());
            case CommandCode.CREATE_OWNED_TOPIC -> need(user, Action.PRODUCE, ownedTopicName(h), null);
            case CommandCode.CLAIM_CLIENT_ID, CommandCode.RELEASE_CLIENT_ID -> null;
            case CommandCode.BROKER_LIMITS -> null; // configuration a producer checks before sending; nothing secret
            default -> acl.allows(user, Action.ADMIN, "*") ? null
                    : "user '" + user + "' may not use request code " + request.code() + ": it needs admin";
        };
    }

    /** Joining consumer groups needs consume on each: a member is given queues, and hears of the other members. */
    private String joins(String user, java.util.List<String> groups) {
        for (String g : groups) {
            String denied = need(user, Action.CONSUME, null, g);
            if (denied != null) {
                return denied;
            }
        }
        return null;
    }

    /** True if {@code principal} (a user name from {@link #login}) is an administrator of everything on this broker. */
    public boolean isAdmin(Object principal) {
        return principal instanceof String user && acl.allows(user, Action.ADMIN, "*");
    }

    private String deleteGroup(String user, GroupDeleteRequest d) {
        if (acl.allows(user, Action.ADMIN, "group:" + d.group())) {
            return null;
        }
        String denied = consume(user, d.topic(), d.group());
        return denied == null ? null : denied + " (or admin on group:" + d.group() + ") to delete the group";
    }

    private String deleteTopic(String user, String topic) {
        if (TopicDeleteRequest.isTemporary(topic) && acl.allows(user, Action.PRODUCE, "topic:" + topic)) {
            return null;
        }
        return need(user, Action.ADMIN, topic, null);
    }

    private static String ownedTopicName(byte[] h) {
        io.tern.protocol.Headers.Reader r = io.tern.protocol.Headers.reader(h);
        String name = io.tern.protocol.TopicConfig.readFrom(r).name();
        r.end();
        return name;
    }

    /** One named group's state needs what reading its offsets needs; every group's state needs admin. */
    private String deliveryState(String user, DeliveryStateQuery q, short code) {
        if (q.group() != null) {
            return consume(user, q.topic(), q.group());
        }
        return acl.allows(user, Action.ADMIN, "*") ? null : "user '" + user + "' may not use request code " + code
                + " for every group of topic " + q.topic() + ": it needs admin (naming one group needs consume on it and the topic)";
    }

    /** Consume on a topic named without a group: a group's retry or dead-letter topic names its group. */
    private String consumeTopic(String user, String topic) {
        String group = RetryTopics.groupOf(topic);
        return group != null ? need(user, Action.CONSUME, null, group) : need(user, Action.CONSUME, topic, null);
    }

    private String consume(String user, String topic, String group) {
        if (topic != null && (topic.equals(RetryTopics.retryTopic(group)) || topic.equals(RetryTopics.deadLetterTopic(group)))) {
            return need(user, Action.CONSUME, null, group); // a group's own retry and dead-letter topics come with the group
        }
        String denied = need(user, Action.CONSUME, topic, null);
        return denied != null ? denied : need(user, Action.CONSUME, null, group);
    }

    private String need(String user, Action action, String topic, String group) {
        String resource = topic != null ? "topic:" + topic : "group:" + group;
        if (acl.allows(user, action, resource)) {
            return null;
        }
        return "user '" + user + "' may not " + action.name().toLowerCase(java.util.Locale.ROOT) + " " + resource
                + ": add 'allow " + user + " " + action.name().toLowerCase(java.util.Locale.ROOT) + " " + resource + "' to the ACL file";
    }
}
