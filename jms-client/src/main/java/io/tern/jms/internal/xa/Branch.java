package io.tern.jms.internal.xa;

import io.tern.jms.internal.provider.ProviderTransaction;
import io.tern.jms.internal.session.TernSession;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One XA branch begun in this JVM: its engine transaction and where it stands.
 * <pre>
 *   start(NOFLAGS) -> ACTIVE --end(SUCCESS|FAIL)--> IDLE --prepare--> PREPARED --commit--> gone
 *                      |  ^                           |  \--commit(onePhase)----------------> gone
 *         end(SUSPEND) v  | start(RESUME)             \--prepare, nothing done: XA_RDONLY --> gone
 *                    SUSPENDED           start(JOIN) from IDLE: ACTIVE again; rollback from any state: gone
 * </pre>
 * Several XAResources of the same resource manager may be associated at once (TMJOIN); the branch is IDLE when none
 * is. {@code end(TMFAIL)} or a timeout marks it rollback-only: prepare and one-phase commit then roll it back.
 *
 * <p>Thread rules: every method synchronized on the branch (the transaction manager may end it from any thread).
 */
final class Branch {
    enum State { ACTIVE, IDLE, PREPARED }

    final io.tern.protocol.Xid xid;
    final ProviderTransaction tx;
    private final long deadlineMillis;
    private final Set<TernXAResource> active = new LinkedHashSet<>();
    private final Set<TernXAResource> suspended = new LinkedHashSet<>();
    /** The sessions whose work is in the branch: told when it rolls back (their buffers go back first). */
    private final Set<TernSession> sessions = new LinkedHashSet<>();
    private boolean prepared;
    private String rollbackOnly;

    Branch(io.tern.protocol.Xid xid, ProviderTransaction tx, int timeoutSeconds) {
        this.xid = xid;
        this.tx = tx;
        this.deadlineMillis = timeoutSeconds <= 0 ? Long.MAX_VALUE : System.currentTimeMillis() + timeoutSeconds * 1000L;
    }

    synchronized State state() {
        if (prepared) {
            return State.PREPARED;
        }
        return active.isEmpty() && suspended.isEmpty() ? State.IDLE : State.ACTIVE;
    }

    synchronized void associate(TernXAResource r, TernSession s) {
        suspended.remove(r);
        active.add(r);
        sessions.add(s);
    }

    synchronized boolean isActiveOn(TernXAResource r) {
        return active.contains(r);
    }

    synchronized boolean isSuspendedOn(TernXAResource r) {
        return suspended.contains(r);
    }

    synchronized void suspend(TernXAResource r) {
        active.remove(r);
        suspended.add(r);
    }

    synchronized void dissociate(TernXAResource r) {
        active.remove(r);
        suspended.remove(r);
    }

    synchronized void markPrepared() {
        prepared = true;
    }

    synchronized void markRollbackOnly(String why) {
        if (rollbackOnly == null) {
            rollbackOnly = why;
        }
    }

    /** Why the branch can only roll back (end(TMFAIL), its timeout), or null. */
    synchronized String rollbackOnly() {
        if (rollbackOnly == null && System.currentTimeMillis() > deadlineMillis) {
            rollbackOnly = "its transaction timeout passed";
        }
        return rollbackOnly;
    }

    synchronized boolean timedOut() {
        return System.currentTimeMillis() > deadlineMillis;
    }

    synchronized Set<TernSession> sessions() {
        return Set.copyOf(sessions);
    }

    @Override
    public String toString() {
        return "XA branch " + xid.toTxId();
    }
}
