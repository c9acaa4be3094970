package io.tern.client;

/**
 * A client operation failed: the broker or NameServer refused it (with a {@link io.tern.protocol.ResponseCode}
 * and its reason), or it could not be reached.
 */
public class TernClientException extends RuntimeException {
    private final short code;

    public TernClientException(short code, String message) {
        super(message);
        this.code = code;
    }

    public TernClientException(String message, Throwable cause) {
        super(message, cause);
        this.code = -1;
    }

    /** The broker's response code, or -1 if no broker answered. */
    public short code() {
        return code;
    }
}
