package io.tern.remoting;

import io.tern.protocol.Frame;

/**
 * Who may connect, and what they may ask. A {@link RemotingServer} with a policy logs each connection in at its
 * handshake and checks every request before it reaches a handler. Without one, everybody may do everything.
 *
 * <p>Thread rules: {@link #login} runs on a worker thread (it may be slow on purpose: password hashing);
 * {@link #deny} runs on a Netty event loop and must be quick.
 */
public interface AccessPolicy {
    /** The principal for these credentials ({@code user} null = anonymous); throws {@link Refused} with the reason if none. */
    Object login(String user, String password) throws Refused;

    /** Null if {@code principal} may make {@code request}; otherwise why not, naming the action and the resource. */
    String deny(Object principal, Frame request);

    /** Credentials that do not log in. */
    final class Refused extends Exception {
        public Refused(String reason) {
            super(reason);
        }
    }
}
