package io.tern.jms.internal.provider;

import io.tern.client.TernClientException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interim client ID claims, held in this JVM per cluster (its NameServer list): a second connection of this JVM
 * claiming an ID in use is refused with {@link #CLIENT_ID_IN_USE}. TODO(issue 11): CLAIM_CLIENT_ID / RELEASE_CLIENT_ID
 * on every master broker, which also sees other JVMs and forgets a crashed client's claim with its connection.
 * Thread rules: any thread.
 */
final class ClientIdClaims {
    /** The broker's response code for a client ID held by another live connection (contract: 22). */
    static final short CLIENT_ID_IN_USE = 22;

    private static final Map<String, String> HOLDERS = new ConcurrentHashMap<>();

    private ClientIdClaims() {
    }

    static void claim(List<String> cluster, String clientId, String connectionId) {
        String holder = HOLDERS.putIfAbsent(key(cluster, clientId), connectionId);
        if (holder != null && !holder.equals(connectionId)) {
            throw new TernClientException(CLIENT_ID_IN_USE, "client ID " + clientId + " is in use by another live connection");
        }
    }

    static void release(List<String> cluster, String clientId, String connectionId) {
        HOLDERS.remove(key(cluster, clientId), connectionId);
    }

    private static String key(List<String> cluster, String clientId) {
        return String.join(",", cluster.stream().sorted().toList()) + "|" + clientId;
    }
}
