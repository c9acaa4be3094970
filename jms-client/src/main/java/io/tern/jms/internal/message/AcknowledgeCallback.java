package io.tern.jms.internal.message;

import jakarta.jms.JMSException;

/**
 * What {@link TernMessage#acknowledge()} calls: set by the session on each message it delivers. The session decides
 * what acknowledging means in its mode (CLIENT_ACKNOWLEDGE: everything the session consumed; other modes: nothing) and
 * throws {@link jakarta.jms.IllegalStateException} once it is closed. Called on the application's thread.
 */
@FunctionalInterface
public interface AcknowledgeCallback {
    void acknowledge() throws JMSException;
}
