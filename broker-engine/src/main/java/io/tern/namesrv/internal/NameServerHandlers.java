package io.tern.namesrv.internal;

import io.tern.protocol.BrokerRegistration;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ResponseCode;
import io.tern.protocol.TopicRoute;
import io.tern.remoting.RemotingServer;
import io.tern.remoting.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Answers the four NameServer commands from a {@link RouteTable}. A header that does not decode is thrown as
 * {@link io.tern.protocol.FrameCodecException} (the server closes that connection); a registration that decodes but
 * carries bad values is answered with INVALID_REQUEST naming the value.
 *
 * <p>Thread rule: handlers run on the executor given to {@link #registerWith}, any number at once; the table
 * does its own locking and this class holds no other state.
 */
public final class NameServerHandlers {
    private static final Logger LOG = LoggerFactory.getLogger(NameServerHandlers.class);

    private final RouteTable table;

    public NameServerHandlers(RouteTable table) {
        this.table = table;
    }

    /** Registers the handlers, and the close listener that drops brokers with their connection, on {@code server}. */
    public void registerWith(RemotingServer server, Executor executor) {
        server.register(CommandCode.REGISTER_BROKER, this::register, executor);
        server.register(CommandCode.UNREGISTER_BROKER, this::unregister, executor);
        server.register(CommandCode.GET_ROUTE, this::route, executor);
        server.register(CommandCode.GET_CLUSTER_INFO, this::clusterInfo, executor);
        server.onClose(table::dropConnection);
    }

    void register(Request request) {
        BrokerRegistration r = BrokerRegistration.decode(request.frame().header(), request.frame().body());
        RouteTable.Outcome outcome;
        try {
            RegistrationValidator.validate(r);
            outcome = table.register(r, request.connection());
        } catch (RegistrationValidator.InvalidRegistrationException e) {
            LOG.warn("refused a registration from {}: {}", request.remoteAddress(), e.getMessage());
            request.error(ResponseCode.INVALID_REQUEST, e.getMessage());
            return;
        }
        if (outcome == RouteTable.Outcome.ADDED) {
            LOG.info("broker {}/{}@{} of cluster {} registered with {} topics", r.brokerName(), r.brokerId(), r.address(), r.cluster(), r.topics().size());
        }
        request.ok(null, null);
    }

    void unregister(Request request) {
        BrokerRegistration r = BrokerRegistration.decode(request.frame().header(), request.frame().body());
        boolean removed;
        try {
            RegistrationValidator.validateUnregistration(r);
            removed = table.unregister(r.address(), r.cluster());
        } catch (RegistrationValidator.InvalidRegistrationException e) {
            LOG.warn("refused an unregistration from {}: {}", request.remoteAddress(), e.getMessage());
            request.error(ResponseCode.INVALID_REQUEST, e.getMessage());
            return;
        }
        if (removed) {
            LOG.info("broker {}/{}@{} unregistered", r.brokerName(), r.brokerId(), r.address());
        }
        request.ok(null, null);
    }

    void route(Request request) {
        String topic = TopicRoute.decodeRequest(request.frame().header());
        Optional<TopicRoute> route = table.route(topic);
        if (route.isPresent()) {
            request.ok(null, route.get().encode());
        } else {
            request.error(ResponseCode.TOPIC_NOT_FOUND, "no live broker serves topic '" + topic + "'");
        }
    }

    void clusterInfo(Request request) {
        request.ok(null, table.clusterInfo().encode());
    }
}
