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

    /** A remoting client that logs in with these credentials. */
    public RemotingClient connect(String clientId, int maxInFlightAsync, int maxInFlightOneway) {
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
        return c;
    }
}
