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
