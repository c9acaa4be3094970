package io.tern.ra.support;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A second resource manager for the transaction manager to coordinate with Tern: it does no work, records the calls
 * it gets ("prepare", "commit", "rollback"), and can be told to refuse its prepare (XA_RBROLLBACK).
 */
public final class RecordingXAResource implements XAResource {
    public final List<String> calls = new CopyOnWriteArrayList<>();
    private final boolean failPrepare;

    public RecordingXAResource(boolean failPrepare) {
        this.failPrepare = failPrepare;
    }

    @Override
    public void start(Xid xid, int flags) {
        calls.add("start");
    }

    @Override
    public void end(Xid xid, int flags) {
        calls.add("end");
    }

    @Override
    public int prepare(Xid xid) throws XAException {
        calls.add("prepare");
        if (failPrepare) {
            XAException e = new XAException("this test resource refuses to prepare");
            e.errorCode = XAException.XA_RBROLLBACK;
            throw e;
        }
        return XA_OK;
    }

    @Override
    public void commit(Xid xid, boolean onePhase) {
        calls.add(onePhase ? "commit-one-phase" : "commit");
    }

    @Override
    public void rollback(Xid xid) {
        calls.add("rollback");
    }

    @Override
    public void forget(Xid xid) {
        calls.add("forget");
    }

    @Override
    public Xid[] recover(int flag) {
        return new Xid[0];
    }

    @Override
    public boolean isSameRM(XAResource other) {
        return other == this;
    }

    @Override
    public int getTransactionTimeout() {
        return 0;
    }

    @Override
    public boolean setTransactionTimeout(int seconds) {
        return false;
    }
}
