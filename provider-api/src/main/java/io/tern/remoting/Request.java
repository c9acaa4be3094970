package io.tern.remoting;

import io.netty.channel.Channel;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.ResponseCode;

import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request a server received, and the way to answer it: now, or later (a held long poll). Exactly one answer is
 * sent; later ones are ignored. A oneway request is never answered. Thread-safe.
 */
public final class Request {
    private final Frame frame;
    private final Channel channel;
    private final AtomicBoolean answered = new AtomicBoolean();

    Request(Frame frame, Channel channel) {
        this.frame = frame;
        this.channel = channel;
    }

    public Frame frame() {
        return frame;
    }

    public SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** The connection this request came on; stable for its lifetime, usable as a key for per-connection state. */
    public Channel connection() {
        return channel;
    }

    public boolean isAnswered() {
        return answered.get();
    }

    public void ok(byte[] header, byte[] body) {
        respond(ResponseCode.OK, header, body);
    }

    public void error(short code, String message) {
        respond(code, new ErrorHeader(message).encode(), null);
    }

    public void respond(short code, byte[] header, byte[] body) {
        if (frame.isOneway() || !answered.compareAndSet(false, true)) {
            return;
        }
        channel.writeAndFlush(Frame.response(code, frame.requestId(), header, body));
    }
}
