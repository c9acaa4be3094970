package io.tern.jms.internal.context;

import io.tern.jms.internal.connection.TernConnection;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.JMSException;

/**
 * The connection under one or more {@link TernJMSContext}s: {@code JMSContext.createContext(sessionMode)} makes a
 * context on the same connection, and the connection closes when the last of its contexts does (JMS 3.1 section
 * 6.2.3).
 *
 * <p>Thread rules: any thread; the count is guarded by {@code this}.
 */
final class SharedConnection {
    private final TernConnection connection;
    private int contexts = 1; // the context that opened it

    SharedConnection(TernConnection connection) {
        this.connection = connection;
    }

    TernConnection connection() {
        return connection;
    }

    /** One more context on this connection; refused once the connection closed with its last context. */
    synchronized SharedConnection retain() {
        if (contexts == 0 || connection.isClosed()) {
            throw new IllegalStateRuntimeException("the connection of this JMSContext is closed; create a new context from the ConnectionFactory");
        }
        contexts++;
        return this;
    }

    /** A context closed; the last one closes the connection. */
    void release() throws JMSException {
        boolean last;
        synchronized (this) {
            last = --contexts == 0;
        }
        if (last) {
            connection.close();
        }
    }

    synchronized boolean lastContext() {
        return contexts == 1;
    }
}
