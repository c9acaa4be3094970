package io.tern.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

import static io.tern.protocol.FrameDescriptor.*;

/**
 * Turns bytes into {@link Frame}s, laid out as {@link FrameDescriptor} draws:
 * <pre>
 *   BEFORE DECODE (22 bytes)                                       AFTER DECODE
 *   +--------+--------+-------+----------+--------+------+------+      +--------------------------------+
 *   | 0x0012 | 0x000A | 0x00  | 0x000007 | 0x0002 | 0x.. | 0x.. | ---> | Frame(code 10, #7, header 2 B, |
 *   | length | code   | flags | reqId    | hdrLen | hdr  | body |      |       body 7 B)                |
 *   +--------+--------+-------+----------+--------+------+------+      +--------------------------------+
 * </pre>
 * A frame whose length is below {@link FrameDescriptor#MIN_LENGTH} or above the maximum, whose header length
 * overruns it, or that sets unknown flags fails the connection with a {@link FrameCodecException} or
 * {@link TooLongFrameException}: the peer has broken the protocol and nothing after it can be trusted.
 * An oversized frame is refused from its length field alone, before its bytes are buffered. After the first failure
 * every further byte is discarded, so a connection being closed reports its reason once.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private final int maxFrameSize;
    /** Set by the first bad frame: everything after it is discarded unread, as the connection is being closed. */
    private boolean failed;

    public FrameDecoder(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrames(in, out);
        } catch (RuntimeException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeFrames(ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= LENGTH_FIELD_SIZE) {
            int start = in.readerIndex();
            int length = in.getInt(start);
            checkLength(length);
            if (in.readableBytes() < LENGTH_FIELD_SIZE + length) {
                return; // wait for the rest
            }
            out.add(readFrame(in, start, length));
        }
    }

    private void checkLength(int length) {
        if (length < MIN_LENGTH) {
            throw new FrameCodecException("frame length " + length + " is below the minimum " + MIN_LENGTH);
        }
        if (length > maxFrameSize - LENGTH_FIELD_SIZE) {
            throw new TooLongFrameException("frame of " + (length + LENGTH_FIELD_SIZE) + " bytes exceeds the maximum of "
                    + maxFrameSize + " bytes");
        }
    }

    private static Frame readFrame(ByteBuf in, int start, int length) {
        short code = in.getShort(start + CODE_OFFSET);
        byte flags = in.getByte(start + FLAGS_OFFSET);
        int requestId = in.getInt(start + REQUEST_ID_OFFSET);
        int headerLength = in.getUnsignedShort(start + HEADER_LENGTH_OFFSET);
        if ((flags & ~KNOWN_FLAGS) != 0) {
            throw new FrameCodecException("frame #" + requestId + " sets unknown flags 0x" + Integer.toHexString(flags & 0xff));
        }
        int bodyLength = length - MIN_LENGTH - headerLength;
        if (bodyLength < 0) {
            throw new FrameCodecException("frame #" + requestId + " header length " + headerLength
                    + " overruns the frame length " + length);
        }
        byte[] header = new byte[headerLength];
        byte[] body = new byte[bodyLength];
        in.getBytes(start + HEADER_OFFSET, header);
        in.getBytes(start + HEADER_OFFSET + headerLength, body);
        in.readerIndex(start + LENGTH_FIELD_SIZE + length);
        return new Frame(code, flags, requestId, header, body);
    }
}
