package io.tern.jms.internal.xa;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The XA branches begun in this JVM and not yet ended, by resource manager (the cluster identity that decides
 * {@code isSameRM}) and Xid: a transaction manager may start a branch on one XAResource and prepare or commit it on
 * another of the same resource manager (TMJOIN, or whichever resource it kept). A branch not found here was begun
 * elsewhere or before a restart: its prepare is {@code XAER_NOTA}, its commit and rollback go to the brokers.
 *
 * <p>Thread rules: any thread.
 */
final class Branches {
    private static final ConcurrentMap<String, Branch> ALL = new ConcurrentHashMap<>();

    private Branches() {
    }

    private static String key(String rm, io.tern.protocol.Xid xid) {
        return rm + "|" + xid.toTxId();
    }

    static Branch find(String rm, io.tern.protocol.Xid xid) {
        return ALL.get(key(rm, xid));
    }

    /** Adds {@code b}; false if a branch of that Xid exists already (XAER_DUPID). */
    static boolean add(String rm, Branch b) {
        return ALL.putIfAbsent(key(rm, b.xid), b) == null;
    }

    static void remove(String rm, Branch b) {
        ALL.remove(key(rm, b.xid), b);
    }
}
