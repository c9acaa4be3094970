package io.tern.jms.internal.session;

import io.tern.jms.internal.provider.ProviderTransaction;

/**
 * An XA session's association with a branch ({@code XAResource.start} .. {@code end}): while one is associated, the
 * session's sends are half messages of it and its receives are acks held in it (TX_ACK); outside one the session
 * acknowledges as AUTO_ACKNOWLEDGE and sends at once. Thread rules: read on the session's thread of control.
 */
public interface BranchSource {
    /** The associated branch's transaction, or null outside a branch. */
    ProviderTransaction current();
}
