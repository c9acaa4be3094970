package io.tern.protocol;

/**
 * The header of every non-OK response.
 * <pre>
 *   +-------------------------+
 *   | message (string)        |   what went wrong, naming the value and the limit
 *   +-------------------------+
 * </pre>
 */
public record ErrorHeader(String message) {
    public byte[] encode() {
        return Headers.writer().str(message).toBytes();
    }

    public static ErrorHeader decode(byte[] header) {
        Headers.Reader r = Headers.reader(header);
        ErrorHeader h = new ErrorHeader(r.str());
        r.end();
        return h;
    }
}
