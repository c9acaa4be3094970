package io.tern.remoting;

/** A call could not be completed: the peer is unreachable, did not answer in time, or too many calls are in flight. */
public class RemotingException extends RuntimeException {
    public RemotingException(String message) {
        super(message);
    }

    public RemotingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The connection could not be made, or closed before the answer came. */
    public static final class ConnectFailed extends RemotingException {
        public ConnectFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The server answered the handshake with an error and closed the connection: bad credentials or anonymous access
     * off ({@code AUTH_FAILED}), or another protocol version ({@code VERSION_MISMATCH}). The message has its reason.
     */
    public static final class Refused extends RemotingException {
        private final short code;

        public Refused(short code, String message) {
            super(message);
            this.code = code;
        }

        /** The handshake's response code ({@link io.tern.protocol.ResponseCode}). */
        public short code() {
            return code;
        }
    }

    /**
     * Bytes from the peer did not decode (a frame above this client's limit, or malformed), so the connection was
     * closed and the calls waiting on it failed with this: retrying the same call will likely fail the same way.
     */
    public static final class Undecodable extends RemotingException {
        public Undecodable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** No answer within the call's timeout. */
    public static final class Timeout extends RemotingException {
        public Timeout(String message) {
            super(message);
        }
    }

    /** The caller has more calls in flight than its limit allows; the call was not sent. */
    public static final class TooManyInFlight extends RemotingException {
        public TooManyInFlight(String message) {
            super(message);
        }
    }
}
