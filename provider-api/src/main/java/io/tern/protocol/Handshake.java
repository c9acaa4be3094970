package io.tern.protocol;

/**
 * The first request on every connection ({@link CommandCode#HANDSHAKE}); the server refuses any other request
 * before it, answers a version it does not speak with {@link ResponseCode#VERSION_MISMATCH} and bad credentials with
 * {@link ResponseCode#AUTH_FAILED}, and closes.
 * <pre>
 *   request header:   | version (int) | clientId (string) | user (string, null = anonymous) | password (string, null) |
 *   response header:  | version (int) | serverId (string) | null | null |     (OK)
 * </pre>
 * The password travels as sent: use the broker on a trusted network until the transport gets TLS.
 */
public record Handshake(int version, String id, String user, String password) {
    /** The protocol version this code speaks. Bump on any incompatible change to a frame or header. */
    public static final int PROTOCOL_VERSION = 1;

    public Handshake(int version, String id) {
        this(version, id, null, null);
    }

    public byte[] encode() {
        return Headers.writer().i32(version).str(id).str(user).str(password).toBytes();
    }

    public static Handshake decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        Handshake h = new Handshake(r.i32(), r.str(), r.str(), r.str());
        r.end();
        return h;
    }

    @Override
    public String toString() {
        return "Handshake[version=" + version + ", id=" + id + ", user=" + user + "]"; // never the password
    }
}
