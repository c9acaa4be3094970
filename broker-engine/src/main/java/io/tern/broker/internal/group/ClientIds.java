package io.tern.broker.internal.group;

import io.netty.channel.Channel;
import io.tern.protocol.ClientIdRequest;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.Request;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CLAIM_CLIENT_ID and RELEASE_CLIENT_ID: each JMS client id is held by at most one live connection of the broker
 * (the JMS rule that two connections may not share a client id, enforced where every connection of the cluster
 * meets: the JMS connection claims on every master). Held in memory only; a connection's ids are released when it
 * closes or dies, and none survives a restart (no connection does).
 *
 * <p>Thread rules: any thread; a claim is one atomic step of the map, so two connections claiming one id at once
 * cannot both win. A holder found inactive (its close not handled yet) loses the id to the claimant.
 */
public final class ClientIds {
    private final Map<String, Channel> holders = new ConcurrentHashMap<>();

    public void claim(Request request) {
        ClientIdRequest c = ClientIdRequest.decode(request.frame().header());
        Channel me = request.connection();
        Channel holder = holders.compute(c.clientId(), (id, h) -> h == null || h == me || !h.isActive() ? me : h);
        if (holder != me) {
            request.error(ResponseCode.CLIENT_ID_IN_USE, "client id '" + c.clientId() + "' is held by another live connection ("
                    + holder.remoteAddress() + "); close that connection or choose another client id");
            return;
        }
        if (!me.isActive()) {
            connectionClosed(me); // closed while claiming: its close listener may have run already
        }
        request.ok(null, null);
    }

    public void release(Request request) {
        ClientIdRequest c = ClientIdRequest.decode(request.frame().header());
        holders.remove(c.clientId(), request.connection());
        request.ok(null, null);
    }

    public void connectionClosed(Channel closed) {
        holders.values().removeIf(h -> h == closed);
    }

    /** For tests and diagnostics: ids held now. */
    public int held() {
        return holders.size();
    }
}
