package io.tern.jms.internal.session;

import io.tern.jms.internal.connection.TernConnection;

/**
 * Which session's listener (MessageListener or CompletionListener) the current thread is running, if any: closing or
 * stopping from inside one's own listener would wait for itself, so those calls check here and refuse.
 * Thread rules: thread-confined (a ThreadLocal).
 */
public final class DeliveryContext {
    private static final ThreadLocal<TernSession> CURRENT = new ThreadLocal<>();

    private DeliveryContext() {
    }

    static void enter(TernSession s) {
        CURRENT.set(s);
    }

    static void exit() {
        CURRENT.remove();
    }

    /** True if this thread runs a listener of a session of {@code c}. */
    public static boolean insideConnection(TernConnection c) {
        TernSession s = CURRENT.get();
        return s != null && s.connection() == c;
    }

    /** True if this thread runs a listener of {@code s}. */
    public static boolean insideSession(TernSession s) {
        return CURRENT.get() == s;
    }
}
