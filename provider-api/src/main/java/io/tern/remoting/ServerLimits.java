package io.tern.remoting;

import java.time.Duration;

/**
 * What one {@link RemotingServer} lets its clients take before it refuses them: the limits a client could otherwise
 * exhaust by connecting, by not finishing a login, or by flooding logins (each costs a password hash, tens of ms).
 *
 * @param handshakeTimeout  a connection that has not finished its login this long after it opened is closed
 *                          (it sent nothing, or its login waited or ran that long)
 * @param maxConnections    open connections at once; a connection beyond them is answered {@code SYSTEM_BUSY} naming
 *                          this limit at its first frame, then closed
 * @param loginThreads      threads that check logins (hash passwords); one user's logins run one at a time, users in turn
 * @param loginQueuePerUser logins of one user waiting or running at once; more are answered {@code SYSTEM_BUSY} and closed,
 *                          so that a flood for one user costs it, not everybody
 */
public record ServerLimits(Duration handshakeTimeout, int maxConnections, int loginThreads, int loginQueuePerUser) {
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Below the usual soft limit of open files (often 4096 or more) less the store's and the JVM's own. */
    public static final int DEFAULT_MAX_CONNECTIONS = 2048;
    /** Two hashes at once take at most two of the machine's cores; more would slow the handlers, not speed logins. */
    public static final int DEFAULT_LOGIN_THREADS = 2;
    /** A client reconnecting a pool of connections at once logs in a few at a time; eight waiting is generous. */
    public static final int DEFAULT_LOGIN_QUEUE_PER_USER = 8;
    public static final ServerLimits DEFAULTS = new ServerLimits(DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_MAX_CONNECTIONS,
            DEFAULT_LOGIN_THREADS, DEFAULT_LOGIN_QUEUE_PER_USER);

    public ServerLimits {
        require(handshakeTimeout != null && handshakeTimeout.toMillis() >= 1, "handshakeTimeout", handshakeTimeout, "at least 1 ms");
        require(maxConnections >= 1, "maxConnections", maxConnections, "at least 1");
        require(loginThreads >= 1 && loginThreads <= 64, "loginThreads", loginThreads, "1-64");
        require(loginQueuePerUser >= 1, "loginQueuePerUser", loginQueuePerUser, "at least 1");
    }

    private static void require(boolean ok, String name, Object value, String limit) {
        if (!ok) {
            throw new IllegalArgumentException("server setting " + name + " = " + value + " is invalid: must be " + limit);
        }
    }
}
