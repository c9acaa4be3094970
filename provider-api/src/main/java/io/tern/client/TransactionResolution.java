package io.tern.client;

/** A producer's answer about one of its transactions ({@link TransactionChecker}). */
public enum TransactionResolution {
    COMMIT,
    ROLLBACK,
    /** Not known (yet): the broker asks again later, and parks the transaction after its last check. */
    UNKNOWN
}
