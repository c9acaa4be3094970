package io.tern.acl;

import io.tern.remoting.AccessPolicy;

/**
 * The login half of a server's {@link AccessPolicy}: who a handshake's user and password are, by an {@link AclFile}.
 * Brokers and NameServers log in alike; only what each lets a user do differs. Immutable; any thread (the hashing is
 * slow on purpose: the remoting server calls it off its event loops).
 */
public final class AclAuthenticator {
    /** The principal of a connection without credentials, where the file says {@code anonymous allow}. */
    public static final String ANONYMOUS = "anonymous";

    private final AclFile acl;
    private final String server;

    /** @param server what the refusals call this server: "broker", "NameServer" */
    public AclAuthenticator(AclFile acl, String server) {
        this.acl = acl;
        this.server = server;
    }

    /** The user's name as its principal, or {@link #ANONYMOUS}; refused with the reason otherwise. */
    public String login(String user, String password) throws AccessPolicy.Refused {
        if (user == null) {
            if (!acl.anonymous()) {
                throw new AccessPolicy.Refused("anonymous access is off on this " + server + ": give a user and password");
            }
            return ANONYMOUS;
        }
        String hash = acl.passwordHashes().get(user);
        if (hash == null || password == null || !PasswordHash.matches(password, hash)) {
            throw new AccessPolicy.Refused("user '" + user + "' or its password is not accepted by this " + server);
        }
        return user;
    }
}
