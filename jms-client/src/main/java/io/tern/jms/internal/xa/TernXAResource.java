package io.tern.jms.internal.xa;

import io.tern.jms.internal.provider.Provider;
import io.tern.jms.internal.provider.ProviderTransaction;
import io.tern.jms.internal.session.BranchSource;
import io.tern.jms.internal.session.TernSession;
import io.tern.jms.internal.xa.XaErrors.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The XAResource of one XA session, on the engine's XA commands: a branch is an engine transaction whose id is
 * {@code xid.toTxId()}; sends in it are half messages and receives are held acks (TX_ACK), so its work is on one
 * broker; prepare (XA_PREPARE) makes both durable, and commit or rollback (XA_COMMIT, XA_ROLLBACK) resolves them. A
 * prepared branch is never resolved by the broker on its own: only a transaction manager's commit or rollback (or
 * {@code tern admin} by hand) ends it. See docs/jms.md, "XA", for the state table and the error codes.
 * <ul>
 *   <li>{@code isSameRM}: true for another Tern XAResource of the same cluster (broker cluster names + NameServers).</li>
 *   <li>{@code recover(TMSTARTRSCAN)} returns every prepared branch of every master broker at once; the rest of the
 *       scan returns nothing.</li>
 *   <li>{@code forget}: Tern never completes a branch heuristically, so there is never anything to forget
 *       ({@code XAER_NOTA}, or {@code XAER_PROTO} for a branch still in progress).</li>
 *   <li>{@code setTransactionTimeout(s)}: a branch started afterwards that is not prepared within {@code s} seconds
 *       is rolled back at its next step ({@code XA_RBTIMEOUT}); 0 (the default) means none.</li>
 * </ul>
 * Thread rules: any thread; the association (start/end) is this resource's own state, guarded by {@code this};
 * branch state is guarded by each {@link Branch}.
 */
public final class TernXAResource implements XAResource, BranchSource {
    private static final Logger LOG = LoggerFactory.getLogger(TernXAResource.class);

    private final Provider provider;
    private final String rm;
    private final long timeoutMillis;
    private TernSession session;
    private volatile Branch current;
    private volatile int timeoutSeconds;
    private boolean scanning;

    public TernXAResource(Provider provider, long timeoutMillis) {
        this.provider = provider;
        this.rm = provider.clusterIdentity();
        this.timeoutMillis = timeoutMillis;
    }

    /** The XA session this resource belongs to (set once, right after the session is made). */
    public void attach(TernSession s) {
        this.session = s;
    }

    // ---- BranchSource ----

    @Override
    public ProviderTransaction current() {
        Branch b = current;
        return b == null ? null : b.tx;
    }

    // ---- association ----

    @Override
    public void start(Xid xid, int flags) throws XAException {
        checkUsable("start");
        io.tern.protocol.Xid x = Xids.toEngine(xid);
        if (flags == TMJOIN || flags == TMRESUME) {
            known(x, "start"); // an unknown Xid is XAER_NOTA, whatever this resource is doing
        }
        synchronized (this) {
            if (current != null) {
                throw XaErrors.of(XAException.XAER_PROTO, "start(" + x + ") while this XAResource is associated with " + current
                        + "; end that first");
            }
            Branch b;
            switch (flags) {
                case TMNOFLAGS -> {
                    b = new Branch(x, provider.beginTransaction(x), timeoutSeconds);
                    if (!Branches.add(rm, b)) {
                        throw XaErrors.of(XAException.XAER_DUPID, "start(" + x + ", TMNOFLAGS): the branch exists already; use TMJOIN or TMRESUME");
                    }
                }
                case TMJOIN -> {
                    b = known(x, "start(TMJOIN)");
                    if (b.state() == Branch.State.PREPARED) {
                        throw XaErrors.of(XAException.XAER_PROTO, "start(" + x + ", TMJOIN): the branch is prepared; no more work may join it");
                    }
                }
                case TMRESUME -> {
                    b = known(x, "start(TMRESUME)");
                    if (!b.isSuspendedOn(this)) {
                        throw XaErrors.of(XAException.XAER_PROTO, "start(" + x + ", TMRESUME): the branch is not suspended on this XAResource");
                    }
                }
                default -> throw XaErrors.of(XAException.XAER_INVAL, "start(" + x + ") flags " + flags + " are not TMNOFLAGS, TMJOIN or TMRESUME");
            }
            b.associate(this, session);
            current = b;
        }
    }

    @Override
    public void end(Xid xid, int flags) throws XAException {
        io.tern.protocol.Xid x = Xids.toEngine(xid);
        Branch b = known(x, "end");
        synchronized (this) {
            switch (flags) {
                case TMSUSPEND -> {
                    if (current != b) {
                        throw notAssociated(x, "end(TMSUSPEND)");
                    }
                    b.suspend(this);
                    current = null;
                    return;
                }
                case TMSUCCESS, TMFAIL -> {
                    if (current == b) {
                        current = null;
                    } else if (!b.isSuspendedOn(this)) {
                        throw notAssociated(x, "end");
                    }
                    b.dissociate(this);
                    if (flags == TMFAIL) {
                        b.markRollbackOnly("end(TMFAIL) said its work failed");
                    }
                }
                default -> throw XaErrors.of(XAException.XAER_INVAL, "end(" + x + ") flags " + flags + " are not TMSUCCESS, TMFAIL or TMSUSPEND");
            }
        }
        if (b.timedOut()) {
            rollbackQuietly(b);
            throw XaErrors.of(XAException.XA_RBTIMEOUT, "end(" + x + "): the branch ran past its transaction timeout (" + timeoutSeconds
                    + " s) and was rolled back");
        }
    }

    private XAException notAssociated(io.tern.protocol.Xid x, String what) {
        return XaErrors.of(XAException.XAER_PROTO, what + "(" + x + "): the branch is not associated with this XAResource"
                + (current == null ? "" : " (it is associated with " + current + ")"));
    }

    // ---- completion ----

    @Override
    public int prepare(Xid xid) throws XAException {
        checkUsable("prepare");
        io.tern.protocol.Xid x = Xids.toEngine(xid);
        Branch b = known(x, "prepare");
        requireIdle(b, "prepare");
        refuseRollbackOnly(b, "prepare");
        if (b.tx.readOnly()) {
            Branches.remove(rm, b);
            return XA_RDONLY;
        }
        try {
            await(b.tx.prepare());
        } catch (Throwable e) {
            int code = XaErrors.codeFor(Step.PREPARE, e);
            if (code != XAException.XAER_RMFAIL) {
                rollbackQuietly(b); // refused: the branch cannot keep its promise; roll it back now
                if (code == XAException.XAER_RMERR) {
                    code = XAException.XA_RBROLLBACK;
                }
            }
            throw XaErrors.of(code, "prepare of " + x + " failed" + (code == XAException.XAER_RMFAIL
                    ? " (no answer: the broker may or may not have prepared it; roll it back or recover it)" : "; it was rolled back")
                    + ": " + e.getMessage(), e);
        }
        b.markPrepared();
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) throws XAException {
        checkUsable("commit");
        io.tern.protocol.Xid x = Xids.toEngine(xid);
        Branch b = Branches.find(rm, x);
        if (onePhase) {
            commitOnePhase(x, b);
            return;
        }
        if (b != null && b.state() != Branch.State.PREPARED) {
            throw XaErrors.of(XAException.XAER_PROTO, "two-phase commit of " + x + ", which is not prepared; prepare it or commit it in one phase");
        }
        try {
            await(provider.resolvePrepared(x, true)); // any master that holds it: also after a restart or a move
        } catch (Throwable e) {
            int code = XaErrors.codeFor(Step.COMMIT, e);
            if (b != null && code == XAException.XAER_NOTA) {
                Branches.remove(rm, b);
            }
            throw XaErrors.of(code, "commit of prepared " + x + " failed" + (code == XAException.XA_RETRY || code == XAException.XAER_RMFAIL
                    ? " (it stays prepared; commit it again)" : "") + ": " + e.getMessage(), e);
        }
        if (b != null) {
            Branches.remove(rm, b);
        }
    }

    private void commitOnePhase(io.tern.protocol.Xid x, Branch b) throws XAException {
        if (b == null) {
            throw XaErrors.of(XAException.XAER_NOTA, "one-phase commit of " + x + ": no branch of that Xid is in progress here");
        }
        requireIdle(b, "one-phase commit");
        refuseRollbackOnly(b, "one-phase commit");
        Branches.remove(rm, b);
        if (b.tx.readOnly()) {
            return;
        }
        try {
            await(b.tx.commit());
        } catch (Throwable e) {
            int code = XaErrors.codeFor(Step.ONE_PHASE_COMMIT, e);
            if (code != XAException.XAER_RMFAIL) {
                rollbackQuietly(b);
                code = XAException.XA_RBROLLBACK;
            }
            throw XaErrors.of(code, "one-phase commit of " + x + " failed" + (code == XAException.XAER_RMFAIL
                    ? " (no answer: its outcome is unknown)" : "; it was rolled back") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void rollback(Xid xid) throws XAException {
        checkUsable("rollback");
        io.tern.protocol.Xid x = Xids.toEngine(xid);
        Branch b = Branches.find(rm, x);
        try {
            if (b == null || b.state() == Branch.State.PREPARED) {
                await(provider.resolvePrepared(x, false));
            } else if (!b.tx.readOnly()) {
                await(b.tx.rollback());
            }
        } catch (Throwable e) {
            int code = XaErrors.codeFor(Step.ROLLBACK, e);
            boolean goneAlready = b != null && code == XAException.XAER_NOTA && b.state() != Branch.State.PREPARED;
            if (!goneAlready) { // else: an open branch the broker no longer knows is rolled back already
                throw XaErrors.of(code, "rollback of " + x + " failed: " + e.getMessage(), e);
            }
        }
        if (b != null) {
            ended(b);
            b.sessions().forEach(TernSession::branchRolledBack);
        }
    }

    /** Forgets {@code b} here and clears every association with it (a rollback from another thread ends them). */
    private void ended(Branch b) {
        Branches.remove(rm, b);
        synchronized (this) {
            if (current == b) {
                current = null;
            }
        }
        b.dissociate(this);
    }

    private void rollbackQuietly(Branch b) {
        try {
            if (!b.tx.readOnly()) {
                await(b.state() == Branch.State.PREPARED ? provider.resolvePrepared(b.xid, false) : b.tx.rollback());
            }
        } catch (Throwable e) {
            LOG.warn("rolling back {} failed (the broker rolls back an open branch whose client is gone): {}", b, e.getMessage());
        }
        ended(b);
        b.sessions().forEach(TernSession::branchRolledBack);
    }

    // ---- recovery ----

    @Override
    public Xid[] recover(int flags) throws XAException {
        checkUsable("recover");
        if ((flags & ~(TMSTARTRSCAN | TMENDRSCAN)) != 0) {
            throw XaErrors.of(XAException.XAER_INVAL, "recover flags " + flags + " are not TMSTARTRSCAN, TMENDRSCAN, both or TMNOFLAGS");
        }
        synchronized (this) {
            boolean start = (flags & TMSTARTRSCAN) != 0;
            if (!start && !scanning) {
                throw XaErrors.of(XAException.XAER_PROTO, "recover(" + flags + ") without a scan open; begin one with TMSTARTRSCAN");
            }
            scanning = (flags & TMENDRSCAN) == 0;
            if (!start) {
                return new Xid[0]; // everything came with TMSTARTRSCAN
            }
        }
        List<io.tern.protocol.Xid> found;
        try {
            found = await(provider.recover());
        } catch (Throwable e) {
            throw XaErrors.of(XaErrors.codeFor(Step.RECOVER, e), "recover failed: " + e.getMessage(), e);
        }
        return found.stream().map(Xids::fromEngine).toArray(Xid[]::new);
    }

    @Override
    public void forget(Xid xid) throws XAException {
        io.tern.protocol.Xid x = Xids.toEngine(xid);
        if (Branches.find(rm, x) != null) {
            throw XaErrors.of(XAException.XAER_PROTO, "forget(" + x + "): the branch is in progress, and Tern never completes one heuristically");
        }
        throw XaErrors.of(XAException.XAER_NOTA, "forget(" + x + "): Tern never completes a branch heuristically, so there is nothing to forget");
    }

    // ---- identity and timeouts ----

    @Override
    public boolean isSameRM(XAResource other) {
        return other instanceof TernXAResource t && t.rm.equals(rm);
    }

    @Override
    public int getTransactionTimeout() {
        return timeoutSeconds;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) throws XAException {
        if (seconds < 0) {
            throw XaErrors.of(XAException.XAER_INVAL, "transaction timeout " + seconds + " s is negative; give 0 (none) or more");
        }
        timeoutSeconds = seconds;
        return true;
    }

    // ---- helpers ----

    private Branch known(io.tern.protocol.Xid x, String what) throws XAException {
        Branch b = Branches.find(rm, x);
        if (b == null) {
            throw XaErrors.of(XAException.XAER_NOTA, what + "(" + x + "): no branch of that Xid is in progress here");
        }
        return b;
    }

    private static void requireIdle(Branch b, String what) throws XAException {
        Branch.State s = b.state();
        if (s != Branch.State.IDLE) {
            throw XaErrors.of(XAException.XAER_PROTO, what + " of " + b.xid + " in state " + s
                    + (s == Branch.State.ACTIVE ? "; end it (TMSUCCESS or TMFAIL) first" : "; it is prepared already: commit or roll it back"));
        }
    }

    private void refuseRollbackOnly(Branch b, String what) throws XAException {
        String why = b.rollbackOnly();
        if (why != null) {
            boolean timeout = b.timedOut();
            rollbackQuietly(b);
            throw XaErrors.of(timeout ? XAException.XA_RBTIMEOUT : XAException.XA_RBROLLBACK, what + " of " + b.xid + ": " + why
                    + "; it was rolled back");
        }
    }

    /** The connection is gone: the transaction manager must try later (XAER_RMFAIL), perhaps through another resource. */
    private void checkUsable(String what) throws XAException {
        if (session != null && (session.connectionClosed() || session.isClosed())) {
            throw XaErrors.of(XAException.XAER_RMFAIL, what + ": the XA session (or its connection) is closed; use another XAResource of "
                    + rm);
        }
    }

    private <T> T await(CompletableFuture<T> f) throws Throwable {
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause();
        } catch (TimeoutException e) {
            throw new io.tern.remoting.RemotingException("no answer within " + timeoutMillis + " ms (sendTimeout)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.tern.remoting.RemotingException("interrupted while waiting");
        }
    }

    @Override
    public String toString() {
        return "TernXAResource[" + rm + (current == null ? "" : ", " + current) + "]";
    }
}
