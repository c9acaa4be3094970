package io.tern.protocol;

import java.util.Arrays;

/**
 * One decoded frame: a request or its response. Immutable; the arrays are owned by the frame once built.
 * Layout: {@link FrameDescriptor}.
 */
public final class Frame {
    private static final byte[] EMPTY = new byte[0];

    private final short code;
    private final byte flags;
    private final int requestId;
    private final byte[] header;
    private final byte[] body;

    public Frame(short code, byte flags, int requestId, byte[] header, byte[] body) {
        if (header != null && header.length > 0xFFFF) {
            throw new IllegalArgumentException("header of " + header.length + " bytes exceeds 65535");
        }
        this.code = code;
        this.flags = flags;
        this.requestId = requestId;
        this.header = header == null ? EMPTY : header;
        this.body = body == null ? EMPTY : body;
    }

    public static Frame request(short code, int requestId, byte[] header, byte[] body) {
        return new Frame(code, (byte) 0, requestId, header, body);
    }

    public static Frame oneway(short code, int requestId, byte[] header, byte[] body) {
        return new Frame(code, FrameDescriptor.FLAG_ONEWAY, requestId, header, body);
    }

    public static Frame response(short responseCode, int requestId, byte[] header, byte[] body) {
        return new Frame(responseCode, FrameDescriptor.FLAG_RESPONSE, requestId, header, body);
    }

    public short code() { return code; }
    public byte flags() { return flags; }
    public int requestId() { return requestId; }
    public byte[] header() { return header; }
    public byte[] body() { return body; }
    public boolean isResponse() { return (flags & FrameDescriptor.FLAG_RESPONSE) != 0; }
    public boolean isOneway() { return (flags & FrameDescriptor.FLAG_ONEWAY) != 0; }

    /** The value of the length field: every byte after it. */
    public int length() {
        return FrameDescriptor.MIN_LENGTH + header.length + body.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Frame f && f.code == code && f.flags == flags && f.requestId == requestId
                && Arrays.equals(f.header, header) && Arrays.equals(f.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * code + requestId) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return (isResponse() ? "response " : isOneway() ? "oneway " : "request ") + code + " #" + requestId
                + " header=" + header.length + "B body=" + body.length + "B";
    }
}
