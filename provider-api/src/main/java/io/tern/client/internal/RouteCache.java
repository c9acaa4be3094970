package io.tern.client.internal;

import io.tern.client.MessageQueue;
import io.tern.client.TernClientException;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Names;
import io.tern.protocol.Frame;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicConfig;
import io.tern.protocol.TopicRoute;
import io.tern.remoting.RemotingClient;
import io.tern.remoting.RemotingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Topic routes from the NameServers. A route is fetched on first use from any NameServer (starting at a random one,
 * trying each), then refreshed by {@link #refreshAll()} on the client's period. A refresh that reaches no NameServer
 * keeps the last route: losing every NameServer does not stop traffic to brokers already known.
 *
 * <p>Thread rules: any thread.
 */
public final class RouteCache {
    private static final Logger LOG = LoggerFactory.getLogger(RouteCache.class);

    private final RemotingClient client;
    private final List<String> nameServers;
    private final Duration timeout;
    private final Map<String, TopicRoute> routes = new ConcurrentHashMap<>();
    private final boolean autoCreateFallback;

    /**
     * @param autoCreateFallback for producers: a topic no NameServer knows is routed like
     *                           {@link TopicConfig#AUTO_CREATE_TOPIC}, to brokers that create it on first send
     */
    public RouteCache(RemotingClient client, List<String> nameServers, Duration timeout, boolean autoCreateFallback) {
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException("no NameServer address given; pass host:port of at least one");
        }
        this.client = client;
        this.nameServers = List.copyOf(nameServers);
        this.timeout = timeout;
        this.autoCreateFallback = autoCreateFallback;
    }

    public TopicRoute route(String topic) {
        TopicRoute r = routes.get(topic);
        if (r != null) {
            return r;
        }
        try {
            return fetch(topic);
        } catch (TernClientException e) {
            if (!autoCreateFallback || e.code() != ResponseCode.TOPIC_NOT_FOUND || topic.equals(TopicConfig.AUTO_CREATE_TOPIC)) {
                throw e;
            }
            TopicRoute auto;
            try {
                auto = fetch(TopicConfig.AUTO_CREATE_TOPIC);
            } catch (TernClientException none) {
                throw new TernClientException(e.code(), e.getMessage() + "; and no broker creates topics on first send");
            }
            routes.remove(TopicConfig.AUTO_CREATE_TOPIC); // refreshed only for real topics
            TopicRoute borrowed = new TopicRoute(topic, auto.brokers(), auto.queues());
            routes.put(topic, borrowed); // until the next refresh finds the created topic's own route
            return borrowed;
        }
    }

    /** Fetches {@code topic}'s route now; throws if no NameServer knows it or none answers. */
    public TopicRoute fetch(String topic) {
        String invalid = Names.invalidTopic(topic);
        if (invalid != null) { // no broker serves it or could create it: say why, not "not found"
            throw new TernClientException(ResponseCode.INVALID_REQUEST, invalid);
        }
        int start = ThreadLocalRandom.current().nextInt(nameServers.size());
        RuntimeException last = null;
        for (int i = 0; i < nameServers.size(); i++) {
            String ns = nameServers.get((start + i) % nameServers.size());
            try {
                Frame f = client.invokeSync(ns, CommandCode.GET_ROUTE, TopicRoute.request(topic), null, timeout);
                if (f.code() == ResponseCode.OK) {
                    TopicRoute route = TopicRoute.decode(f.body());
                    routes.put(topic, route);
                    return route;
                }
                last = new TernClientException(f.code(), ErrorHeader.decode(f.header()).message());
                if (f.code() == ResponseCode.TOPIC_NOT_FOUND) {
                    break; // NameServers share nothing, but one that answers "unknown" is as good as any
                }
            } catch (RemotingException.Refused e) { // a login the NameServer does not take: say so, not "did not answer"
                last = new TernClientException(e.code(), "NameServer " + e.getMessage());
            } catch (RemotingException e) {
                last = new TernClientException("NameServer " + ns + " did not answer for topic " + topic + ": " + e.getMessage(), e);
            }
        }
        TopicRoute stale = routes.get(topic);
        if (stale != null && !(last instanceof TernClientException t && t.code() == ResponseCode.TOPIC_NOT_FOUND)) {
            return stale;
        }
        throw last;
    }

    /** Re-fetches every known route; failures keep the old one. */
    public void refreshAll() {
        for (String topic : routes.keySet()) {
            try {
                fetch(topic);
            } catch (RuntimeException e) {
                LOG.debug("route refresh for {} failed; keeping the last route", topic, e);
            }
        }
    }

    /** Whether {@code topic}'s route is cached with a readable queue on a live master: reading it then asks no NameServer. */
    public boolean readableWithoutLookup(String topic) {
        return routes.containsKey(topic) && !readQueues(topic).isEmpty();
    }

    /** Write queues of the topic on every writable master. */
    public List<MessageQueue> writeQueues(String topic) {
        return queues(topic, true);
    }

    /** Read queues of the topic on every readable master. */
    public List<MessageQueue> readQueues(String topic) {
        return queues(topic, false);
    }

    private List<MessageQueue> queues(String topic, boolean write) {
        TopicRoute route = route(topic);
        List<MessageQueue> out = new ArrayList<>();
        for (TopicRoute.Queues q : route.queues()) {
            boolean allowed = write ? (q.perm() & TopicConfig.PERM_WRITE) != 0 : (q.perm() & TopicConfig.PERM_READ) != 0;
            if (allowed && masterAddress(topic, q.brokerName()) != null) {
                for (int i = 0, n = write ? q.writeQueues() : q.readQueues(); i < n; i++) {
                    out.add(new MessageQueue(topic, q.brokerName(), i));
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** The master's address of a broker group serving {@code topic}, or null. */
    public String masterAddress(String topic, String brokerName) {
        for (TopicRoute.Broker b : route(topic).brokers()) {
            if (b.brokerName().equals(brokerName)) {
                return b.masterAddress();
            }
        }
        return null;
    }

    /** The master's address of a broker group, from any cached route, or null. */
    public String masterAddressOf(String brokerName) {
        for (TopicRoute r : routes.values()) {
            for (TopicRoute.Broker b : r.brokers()) {
                if (b.brokerName().equals(brokerName) && b.masterAddress() != null) {
                    return b.masterAddress();
                }
            }
        }
        return null;
    }

    /** Every master address known from any route (for heartbeats). */
    public List<String> allMasterAddresses() {
        List<String> out = new ArrayList<>();
        for (TopicRoute r : routes.values()) {
            for (TopicRoute.Broker b : r.brokers()) {
                String a = b.masterAddress();
                if (a != null && !out.contains(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }
}
