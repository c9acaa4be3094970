package io.tern.jms.internal.message;

import io.tern.jms.TernDestination;
import jakarta.jms.JMSException;

/**
 * The connection that created a temporary queue or topic: it deletes it (refusing while consumers are active, as the
 * spec says) and answers whether a destination is one of its own (only the owner may consume a temporary destination).
 * Implemented by the connection (slice jms-core); must be thread-safe.
 */
public interface TemporaryDestinationOwner {
    /** Deletes {@code d}; a {@link JMSException} if it has active consumers or the connection is closed. */
    void deleteTemporary(TernDestination d) throws JMSException;

    /** True if {@code d} is a temporary destination this owner created and has not deleted. */
    boolean owns(TernDestination d);
}
