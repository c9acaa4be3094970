package io.tern.namesrv.internal;

import io.tern.acl.AclAuthenticator;
import io.tern.acl.AclFile;
import io.tern.acl.AclFile.Action;
import io.tern.acl.Login;
import io.tern.protocol.BrokerRegistration;
import io.tern.protocol.CommandCode;
import io.tern.protocol.Frame;
import io.tern.protocol.RetryTopics;
import io.tern.protocol.TopicConfig;
import io.tern.protocol.TopicRoute;
import io.tern.remoting.AccessPolicy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The NameServer's {@link AccessPolicy} over an {@link AclFile} (logins as on brokers, by {@link AclAuthenticator}).
 * Each request code names what it needs:
 * <pre>
 *   REGISTER_BROKER, UNREGISTER_BROKER   admin on cluster:NAME, NAME the broker's cluster (cluster:* and * cover it)
 *   GET_ROUTE                            produce, consume or admin on topic:NAME; for a group's own %RETRY%G and
 *                                        %DLQ%G, on group:G too; TERN_AUTO_CREATE: any logged-in user
 *   GET_CLUSTER_INFO                     any logged-in user
 *   everything else (any code added later)   admin on *
 * </pre>
 * Why: a registration decides where clients send and read, so it is an admin act, scoped to one cluster so that a
 * broker's login cannot administer brokers ({@code admin cluster:NAME} grants nothing on them) and, because
 * {@link RouteTable} keeps every broker name and address in one cluster, cannot take over another cluster's routes.
 * A route names the topic's brokers: it goes to whoever may use the topic at all (the broker checks what exactly),
 * so a user cannot list other people's topics by asking. The auto-create route only says which brokers create topics
 * on first send, which every producer must learn. Cluster info lists brokers, not topics: every client holding a
 * route knows those addresses already, and admin tools and transaction recovery need all the masters.
 *
 * <p>The embedded broker's login ({@code NameServerConfig.embeddedBrokerLogin}) may register and unregister brokers
 * of any cluster and do nothing else. Its principal is not a user name, so no user of the file can pass for it.
 *
 * <p>Thread rules: immutable. {@link #login} runs on the remoting server's login thread, {@link #deny} on event loops.
 */
public final class NameServerAccessPolicy implements AccessPolicy {
    private static final Object EMBEDDED_BROKER = new Object() {
        @Override
        public String toString() {
            return "the embedded broker";
        }
    };

    private final AclFile acl;
    private final AclAuthenticator logins;
    private final Login embeddedBroker;

    /** @param embeddedBroker the in-memory login of a broker in this process, or null */
    public NameServerAccessPolicy(AclFile acl, Login embeddedBroker) {
        this.acl = acl;
        this.logins = new AclAuthenticator(acl, "NameServer");
        this.embeddedBroker = embeddedBroker;
    }

    @Override
    public Object login(String user, String password) throws Refused {
        if (isEmbeddedBroker(user, password)) {
            return EMBEDDED_BROKER;
        }
        return logins.login(user, password); // a file user of the same name logs in with its own password
    }

    private boolean isEmbeddedBroker(String user, String password) {
        return embeddedBroker != null && embeddedBroker.user().equals(user) && password != null
                && MessageDigest.isEqual(embeddedBroker.password().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String deny(Object principal, Frame request) {
        short code = request.code();
        boolean registration = code == CommandCode.REGISTER_BROKER || code == CommandCode.UNREGISTER_BROKER;
        if (principal == EMBEDDED_BROKER) {
            return registration ? null : "the embedded broker's login may register brokers and nothing else (request code " + code + ")";
        }
        String user = (String) principal;
        if (registration) {
            return registration(user, BrokerRegistration.decodeHeader(request.header()).cluster());
        }
        return switch (code) {
            case CommandCode.GET_ROUTE -> route(user, TopicRoute.decodeRequest(request.header()));
            case CommandCode.GET_CLUSTER_INFO -> null;
            default -> acl.allows(user, Action.ADMIN, "*") ? null
                    : "user '" + user + "' may not use request code " + code + " on this NameServer: it needs admin on *";
        };
    }

    private String registration(String user, String cluster) {
        String resource = "cluster:" + cluster;
        if (acl.allows(user, Action.ADMIN, resource)) {
            return null;
        }
        return "user '" + user + "' may not register or unregister brokers of cluster '" + cluster + "': add 'allow "
                + user + " admin " + resource + "' to the NameServer's ACL file";
    }

    private String route(String user, String topic) {
        if (topic.equals(TopicConfig.AUTO_CREATE_TOPIC) || anyRight(user, "topic:" + topic)) {
            return null;
        }
        String group = ownerGroup(topic);
        if (group != null && anyRight(user, "group:" + group)) {
            return null;
        }
        String resource = group == null ? "topic:" + topic : "group:" + group;
        return "user '" + user + "' may not look up the route of topic '" + topic + "': it needs produce, consume or admin on "
                + resource + " (e.g. add 'allow " + user + " consume " + resource + "' to the NameServer's ACL file)";
    }

    private boolean anyRight(String user, String resource) {
        for (Action a : Action.values()) {
            if (acl.allows(user, a, resource)) {
                return true;
            }
        }
        return false;
    }

    /** G for a group's own retry or dead-letter topic, else null. */
    private static String ownerGroup(String topic) {
        String group = RetryTopics.groupOf(topic);
        return group == null || group.isEmpty() ? null : group;
    }
}
