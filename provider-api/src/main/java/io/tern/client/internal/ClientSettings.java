package io.tern.client.internal;

import io.tern.protocol.FrameDescriptor;
import io.tern.remoting.RemotingClient;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * What every client builder takes alike: the NameServers and the credentials, and how a client is connected with them.
 * Builders hold one and hand it to the client they build. Not thread-safe (a builder's).
 */
public final class ClientSettings {
    private List<String> nameServers = List.of();
    private String user;
    private String password;
    /** A transport shared with other clients (a JMS connection's), or null: each client makes and closes its own. */
    private RemotingClient shared;

    /** "host:port[,host:port]"; blanks are ignored. */
    public void nameServers(String commaSeparated) {
        nameServers(Arrays.asList(commaSeparated.split(",")));
    }

    public void nameServers(List<String> addresses) {
        this.nameServers = addresses.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    public void credentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    public List<String> nameServers() {
        return nameServers;
    }

    /** Throws naming {@code who} if no NameServer was given. */
    public void requireNameServers(String who) {
        if (nameServers.isEmpty()) {
            throw new IllegalArgumentException(who + " needs at least one NameServer address (host:port)");
        }
    }

    /**
     * Use {@code transport} (already given its credentials) instead of making a connection per client: the client
     * built then neither makes nor closes one. A JMS connection shares one this way among its producers and consumers.
     */
    public void transport(RemotingClient transport) {
        this.shared = transport;
    }

    /** True if {@link #connect} makes a transport the client must close; false for a shared one. */
    public boolean ownsTransport() {
        return shared == null;
    }

    /** A remoting client that logs in with these credentials, or the shared transport if one was given. */
    public RemotingClient connect(String clientId, int maxInFlightAsync, int maxInFlightOneway) {
        if (shared != null) {
            return shared;
        }
        RemotingClient client = new RemotingClient(clientId, FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3),
                maxInFlightAsync, maxInFlightOneway);
        client.credentials(user, password);
        return client;
    }

    /** A copy, for a client built alongside (a push consumer's retry-topic reader). */
    public ClientSettings copy() {
        ClientSettings c = new ClientSettings();
        c.nameServers = nameServers;
        c.user = user;
        c.password = password;
        c.shared = shared;
        return c;
    }
}
