package io.tern.store;

/** The store cannot do what was asked: a bad configuration, unreadable files, an I/O error at open or close. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
