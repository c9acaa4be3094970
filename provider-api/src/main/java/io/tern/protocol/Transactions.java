package io.tern.protocol;

/**
 * What marks a message as part of a transaction, and the system topics transactions use.
 * <ul>
 *   <li>A transactional send is an ordinary {@link CommandCode#SEND}/{@link CommandCode#SEND_BATCH} whose messages
 *       have {@link #FLAG_HALF} set and the transaction id in the string property {@link #PROP_TX_ID}; the broker
 *       stores them in {@link #HALF_TOPIC} (queue 0) with the real topic and queue in {@link #PROP_REAL_TOPIC} and
 *       {@link #PROP_REAL_QUEUE}, invisible to the real topic's consumers, until the transaction commits.</li>
 *   <li>A half message whose transaction stayed unresolved through {@code txMaxChecks} check-backs is copied to
 *       {@link #UNRESOLVED_TOPIC} (queue 0), with those properties, where {@code tern consume} and
 *       {@code tern admin message} can see it.</li>
 * </ul>
 * Properties named {@code TERN_TX_*} are reserved; the broker removes them when a transaction commits.
 */
public final class Transactions {
    /** Message flag bit: a half message of a transaction. */
    public static final int FLAG_HALF = 1;
    public static final String HALF_TOPIC = "TERN_HALF";
    public static final String UNRESOLVED_TOPIC = "TERN_TX_UNRESOLVED";
    public static final String PROP_TX_ID = "TERN_TX_ID";
    public static final String PROP_REAL_TOPIC = "TERN_TX_REAL_TOPIC";
    public static final String PROP_REAL_QUEUE = "TERN_TX_REAL_QUEUE";
    public static final String PROP_PRODUCER_GROUP = "TERN_TX_PRODUCER_GROUP";
    /** Longest transaction id: long enough for an Xid's text form ({@code xa:} + 11 + 2 x 128 hex digits + 2). */
    public static final int MAX_TX_ID = 300;

    private Transactions() {
    }

    /** Why {@code txId} is not acceptable, or null. */
    public static String invalidTxId(String txId) {
        if (txId == null || txId.isEmpty() || txId.length() > MAX_TX_ID) {
            return "transaction id " + (txId == null ? "null" : "of " + txId.length() + " characters") + " must be 1-" + MAX_TX_ID + " characters";
        }
        return Names.badCharacter("transaction id", txId, "1-" + MAX_TX_ID + " characters, no control characters");
    }
}
