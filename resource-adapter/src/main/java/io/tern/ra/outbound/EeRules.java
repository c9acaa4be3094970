package io.tern.ra.outbound;

import jakarta.jms.IllegalStateException;

/**
 * The methods a Jakarta EE web or EJB application may not call (JMS 3.1 section 12.2, "Restrictions on the use of
 * JMS API in the Java EE web or EJB container"), and the one-session-per-connection rule: each is an
 * {@link IllegalStateException} saying what to do instead.
 */
final class EeRules {
    private EeRules() {
    }

    static IllegalStateException forbidden(String method) {
        return new IllegalStateException(method + " may not be called by a Jakarta EE web or EJB application "
                + "(JMS 3.1 section 12.2); use a message-driven bean to receive asynchronously, and configure the client ID "
                + "and connection settings on the connection factory");
    }

    static IllegalStateException secondSession() {
        return new IllegalStateException("a connection of a Jakarta EE web or EJB application has at most one session "
                + "(JMS 3.1 section 12.3); close it first or create another connection (the pool makes that cheap)");
    }

    static jakarta.jms.TransactionInProgressException inTransaction(String method) {
        return new jakarta.jms.TransactionInProgressException(method + " inside a JTA transaction: the session commits or "
                + "rolls back with that transaction (JMS 3.1 section 12.3)");
    }

    static IllegalStateException closed(String what) {
        return new IllegalStateException(what + " is closed");
    }
}
