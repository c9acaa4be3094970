package io.tern.protocol;

/** The {@code code} of a response frame. An error response's header is an {@link ErrorHeader}. Never renumber. */
public final class ResponseCode {
    public static final short OK = 0;
    /** The server failed while handling a valid request; the message says what. */
    public static final short SYSTEM_ERROR = 1;
    /** The server is overloaded (its store or its request queue is full); retry later or elsewhere. */
    public static final short SYSTEM_BUSY = 2;
    /** The server does not know the request code. */
    public static final short UNKNOWN_COMMAND = 3;
    /** The request is well-formed but its values are not acceptable; the message names which and why. */
    public static final short INVALID_REQUEST = 4;
    /** The protocol versions of client and server do not match. */
    public static final short VERSION_MISMATCH = 5;
    /** The topic is not known (to the NameServer: no broker serves it; to a broker: not created, auto-creation off). */
    public static final short TOPIC_NOT_FOUND = 6;
    /** The broker's store cannot take messages now (disk above its ceiling, an I/O error, shutting down). */
    public static final short STORE_UNAVAILABLE = 7;
    /** The topic does not allow this (writing a read-only topic, reading a write-only one). */
    public static final short NO_PERMISSION = 8;
    /** The handshake's user and password were not accepted (or anonymous access is off). */
    public static final short AUTH_FAILED = 12;
    /**
     * The receipt handle no longer holds a lease: it expired (and the message may be leased to someone else now), the
     * message was acknowledged or nacked already, or the broker restarted. The operation did nothing.
     */
    public static final short LEASE_EXPIRED = 9;

    /**
     * The broker knows no such transaction: none of its messages or acks reached this broker, or it was resolved
     * longer ago than the broker remembers outcomes ({@code txResolvedRetention}).
     */
    public static final short TX_UNKNOWN = 10;
    /**
     * The transaction is in a state that forbids the operation: commit after rollback (or the reverse), a two-phase
     * commit of a transaction that was never prepared, a one-phase commit of a prepared one, work added to a resolved
     * or prepared transaction, or a transaction parked after its checks ran out. Nothing changed.
     */
    public static final short TX_CONFLICT = 11;
    /**
     * The connection already works on {@code maxTransactionsPerConnection} open transactions (the message names the
     * cap and the setting): end one before starting another. Nothing changed; the transactions it has go on.
     */
    public static final short TX_LIMIT = 13;

    /**
     * The consumer group is in use by another connection (it holds receives or leases of the group, or a prepared
     * transaction pins one of its messages): it cannot be deleted now. Nothing changed.
     */
    public static final short GROUP_IN_USE = 20;
    /**
     * The topic was deleted (DELETE_TOPIC, or its owning connection closed): sends are refused, it is not auto-created.
     * The JMS layer maps it, like {@link #TOPIC_NOT_FOUND} for a temporary name, to InvalidDestinationException.
     */
    public static final short TOPIC_DELETED = 21;
    /** Another live connection holds the client id (CLAIM_CLIENT_ID). Nothing changed. */
    public static final short CLIENT_ID_IN_USE = 22;

    /**
     * The topic holds its {@code maxBacklogMessages} messages not yet consumed by its slowest group (policy FAIL): the
     * send was refused at once and nothing was stored. Retrying later, after consumers caught up, may succeed. The JMS
     * layer maps it to ResourceAllocationException.
     */
    public static final short BACKLOG_FULL = 50;

    private ResponseCode() {
    }
}
