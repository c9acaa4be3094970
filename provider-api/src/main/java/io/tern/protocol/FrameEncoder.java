package io.tern.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes {@link Frame}s as {@link FrameDescriptor} draws. Stateless, so one instance serves every channel. */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToByteEncoder<Frame> {
    public static final FrameEncoder INSTANCE = new FrameEncoder();

    private FrameEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame f, ByteBuf out) {
        write(f, out);
    }

    public static void write(Frame f, ByteBuf out) {
        out.writeInt(f.length())
                .writeShort(f.code())
                .writeByte(f.flags())
                .writeInt(f.requestId())
                .writeShort(f.header().length)
                .writeBytes(f.header())
                .writeBytes(f.body());
    }
}
