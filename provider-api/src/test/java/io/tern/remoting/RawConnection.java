package io.tern.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameEncoder;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

/** A plain socket speaking raw bytes, for tests that must break the protocol on purpose. */
final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    RawConnection(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
    }

    void send(Frame f) throws IOException {
        ByteBuf b = Unpooled.buffer();
        FrameEncoder.write(f, b);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        sendRaw(bytes);
    }

    void sendRaw(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    Frame receive() throws IOException {
        int length = in.readInt();
        byte[] rest = new byte[length];
        in.readFully(rest);
        ByteBuf b = Unpooled.buffer().writeInt(length).writeBytes(rest);
        io.netty.channel.embedded.EmbeddedChannel ch = new io.netty.channel.embedded.EmbeddedChannel(new io.tern.protocol.FrameDecoder(Integer.MAX_VALUE));
        ch.writeInbound(b);
        return ch.readInbound();
    }

    /** Reads until the peer closes; true if it did (within the socket timeout). */
    boolean closedByPeer() throws IOException {
        try {
            while (in.read() >= 0) {
                // drain whatever the peer sent before closing
            }
            return true;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
