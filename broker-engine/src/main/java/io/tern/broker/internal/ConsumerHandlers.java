package io.tern.broker.internal;

import io.tern.protocol.Headers;
import io.tern.protocol.Heartbeat;
import io.tern.remoting.Request;

/** HEARTBEAT and GET_CONSUMER_LIST. Stateless. */
public final class ConsumerHandlers {
    private final ConsumerGroups groups;

    public ConsumerHandlers(ConsumerGroups groups) {
        this.groups = groups;
    }

    public void heartbeat(Request request) {
        Heartbeat h = Heartbeat.decode(request.frame().header());
        groups.heartbeat(h.clientId(), h.groups(), request.connection());
        request.ok(null, null);
    }

    public void members(Request request) {
        Headers.Reader r = Headers.reader(request.frame().header());
        String group = r.str();
        r.end();
        request.ok(null, Heartbeat.encodeMembers(groups.members(group)));
    }
}
