package io.tern.protocol;

/**
 * Request codes: the {@code code} of a request frame. One descriptor class per command documents its header.
 * Never renumber: peers of different versions must agree.
 */
public final class CommandCode {
    /** First frame on every connection: protocol version and client identity ({@link Handshake}). */
    public static final short HANDSHAKE = 1;

    private CommandCode() {
    }
}
