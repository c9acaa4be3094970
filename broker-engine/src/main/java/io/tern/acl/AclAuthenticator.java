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

    /**
     * What an unknown user's password is checked against: a hash of a random password, made with the same
     * iterations as {@code tern hash-password}, so that a login for a user the file does not hold costs one full hash
     * like a known user's and the refusal's timing tells nobody which names exist.
     */
    private static final String DUMMY = PasswordHash.hash(java.util.UUID.randomUUID().toString());

    /** Checks a password against a stored hash: {@link PasswordHash#matches}, or a counting one in tests. */
    interface Matcher {
        boolean matches(String password, String storedHash);
    }

    private final AclFile acl;
    private final String server;
    private final Matcher matcher;

    /** @param server what the refusals call this server: "broker", "NameServer" */
    public AclAuthenticator(AclFile acl, String server) {
        this(acl, server, PasswordHash::matches);
    }

    AclAuthenticator(AclFile acl, String server, Matcher matcher) {
        this.acl = acl;
        this.server = server;
        this.matcher = matcher;
    }

    /** The hash unknown users are checked against (for tests: it is one, not a shortcut). */
    static String dummyHash() {
        return DUMMY;
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
        // always one hash, whether the user exists or sent a password: no timing oracle for user names
        boolean matches = matcher.matches(password == null ? "" : password, hash == null ? DUMMY : hash);
        if (hash == null || password == null || !matches) {
            throw new AccessPolicy.Refused("user '" + user + "' or its password is not accepted by this " + server);
        }
        return user;
    }
}
