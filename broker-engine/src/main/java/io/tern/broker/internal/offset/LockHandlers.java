package io.tern.broker.internal.offset;

import io.tern.protocol.LockRequest;
import io.tern.remoting.Request;

/** LOCK_QUEUES and UNLOCK_QUEUES for orderly consumers. Stateless; the state is in {@link QueueLocks}. */
public final class LockHandlers {
    private final QueueLocks locks;

    public LockHandlers(QueueLocks locks) {
        this.locks = locks;
    }

    public void lock(Request request) {
        LockRequest l = LockRequest.decode(request.frame().header());
        request.ok(null, LockRequest.encodeLocked(locks.lock(l.group(), l.topic(), l.clientId(), l.queueIds(), request.connection())));
    }

    public void unlock(Request request) {
        LockRequest l = LockRequest.decode(request.frame().header());
        locks.unlock(l.group(), l.topic(), l.clientId(), l.queueIds());
        request.ok(null, null);
    }
}
