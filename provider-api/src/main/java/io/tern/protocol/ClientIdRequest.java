package io.tern.protocol;

/**
 * {@link CommandCode#CLAIM_CLIENT_ID} and {@link CommandCode#RELEASE_CLIENT_ID}: a JMS client id, held by one live
 * connection of a broker at a time.
 * <pre>
 *   request header:  | clientId (string) |
 *   response header: empty
 *
 *   e.g. "c1":   00 02 63 31
 * </pre>
 * A claim is answered OK if no other live connection holds the id (claiming it again on the holding connection is
 * OK too), else {@link ResponseCode#CLIENT_ID_IN_USE}. The id is released by RELEASE_CLIENT_ID on the holding
 * connection (a release from another connection, or of an id not held, changes nothing and is answered OK) and when
 * the connection closes or dies. Nothing is persisted: after a restart no id is held.
 */
public record ClientIdRequest(String clientId) {
    public byte[] encode() {
        return Headers.writer().str(clientId).toBytes();
    }

    public static ClientIdRequest decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        ClientIdRequest c = new ClientIdRequest(r.str());
        r.end();
        if (c.clientId() == null || c.clientId().isEmpty()) {
            throw new FrameCodecException("client id request lacks the client id");
        }
        return c;
    }
}
