package io.tern.message;

/** Bytes that claim to be a message, or part of one, but do not decode: a corrupt record or a bad frame. */
public class MalformedMessageException extends RuntimeException {
    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
