package io.tern.protocol;

/**
 * The first request on every connection ({@link CommandCode#HANDSHAKE}); the server refuses any other request
 * before it, and answers a version it does not speak with {@link ResponseCode#VERSION_MISMATCH} and closes.
 * <pre>
 *   request header:   | version (int) | clientId (string) |
 *   response header:  | version (int) | serverId (string) |     (OK)
 * </pre>
 */
public record Handshake(int version, String id) {
    /** The protocol version this code speaks. Bump on any incompatible change to a frame or header. */
    public static final int PROTOCOL_VERSION = 1;

    public byte[] encode() {
        return Headers.writer().i32(version).str(id).toBytes();
    }

    public static Handshake decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        Handshake h = new Handshake(r.i32(), r.str());
        r.end();
        return h;
    }
}
