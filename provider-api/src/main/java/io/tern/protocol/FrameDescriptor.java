package io.tern.protocol;

/**
 * Layout of a Tern frame on the wire. All integers big-endian.
 *
 * <pre>
 *   0          4        6       7             11              13
 *   +----------+--------+-------+-------------+---------------+----------------------+----------------+
 *   | length   | code   | flags | requestId   | headerLength  | header               | body           |
 *   | int      | short  | byte  | int         | unsigned short| headerLength bytes   | the rest       |
 *   +----------+--------+-------+-------------+---------------+----------------------+----------------+
 * </pre>
 *
 * <ul>
 *   <li>{@code length} counts every byte after itself, so a frame occupies {@code 4 + length} bytes and the
 *       smallest frame has {@code length} = {@value #MIN_LENGTH}.</li>
 *   <li>{@code code}: in a request, the {@link CommandCode}; in a response, the {@link ResponseCode}.</li>
 *   <li>{@code flags}: bit 0 {@link #FLAG_RESPONSE}, bit 1 {@link #FLAG_ONEWAY} (no response will come). Other bits are 0.</li>
 *   <li>{@code requestId}: chosen by the requester, echoed in the response.</li>
 *   <li>{@code header}: the command's typed fields, laid out by its descriptor (see {@link Headers}).</li>
 *   <li>{@code body}: opaque payload (message bytes, batches).</li>
 * </ul>
 * A frame longer than the configured maximum is refused before it is read into memory.
 */
public final class FrameDescriptor {
    public static final int LENGTH_FIELD_SIZE = 4;
    public static final int CODE_OFFSET = 4;
    public static final int FLAGS_OFFSET = 6;
    public static final int REQUEST_ID_OFFSET = 7;
    public static final int HEADER_LENGTH_OFFSET = 11;
    public static final int HEADER_OFFSET = 13;
    /** code + flags + requestId + headerLength. */
    public static final int MIN_LENGTH = HEADER_OFFSET - LENGTH_FIELD_SIZE;

    public static final byte FLAG_RESPONSE = 0x01;
    public static final byte FLAG_ONEWAY = 0x02;
    public static final byte KNOWN_FLAGS = FLAG_RESPONSE | FLAG_ONEWAY;

    /** 16 MiB: four times the largest message (4 MiB), room for a batch of them and its headers. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 << 20;
    /**
     * Bytes of a frame kept free of messages: the frame's own 13 bytes, its header fields (a send's or pull's few
     * names and numbers, under 2 KiB with the longest names) and a body's counts, with ample margin. The largest
     * message must fit a frame with this room left ({@code maxMessageSize + HEADROOM <= maxFrameSize}), and answers
     * carrying messages stop adding them this far below the frame limit.
     */
    public static final int HEADROOM = 64 * 1024;

    private FrameDescriptor() {
    }
}
