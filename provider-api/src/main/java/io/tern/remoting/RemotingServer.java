package io.tern.remoting;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.AttributeKey;
import io.tern.protocol.CommandCode;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameCodecException;
import io.tern.protocol.FrameDecoder;
import io.tern.protocol.FrameEncoder;
import io.tern.protocol.Handshake;
import io.tern.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Serves requests on one TCP port. Netty event loops only decode, look up the handler and hand the request to the
 * handler's executor; they never run a handler. The first frame of a connection must be a {@link Handshake} of
 * this protocol version. A connection that breaks the protocol (a malformed frame, a header that does not decode,
 * a request before the handshake) is closed with a logged reason; every other connection goes on.
 *
 * <p>Thread rules: {@link #register} and {@link #onClose} before {@link #start}; everything else from any thread.
 */
public final class RemotingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemotingServer.class);
    private static final AttributeKey<String> PEER_ID = AttributeKey.valueOf("tern.peerId");
    private static final AttributeKey<Object> PRINCIPAL = AttributeKey.valueOf("tern.principal");

    private final String host;
    private final int requestedPort;
    private final int maxFrameSize;
    private final String serverId;
    private final Map<Short, Registration> handlers = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Channel>> closeListeners = new CopyOnWriteArrayList<>();
    private final ChannelHandler dispatcher = new Dispatcher();
    private volatile AccessPolicy policy;
    private volatile Function<Frame, String> requestCheck = f -> null;
    private final java.util.concurrent.ExecutorService logins = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "tern-login");
        t.setDaemon(true);
        return t;
    });
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel serverChannel;

    private record Registration(RequestHandler handler, Executor executor) {
    }

    /**
     * @param host         the address to bind, 127.0.0.1 unless the operator chooses otherwise
     * @param port         the port, or 0 for an ephemeral one (see {@link #port()})
     * @param maxFrameSize the largest frame accepted, in bytes
     * @param serverId     what the handshake answers, e.g. "broker-a/0"
     */
    public RemotingServer(String host, int port, int maxFrameSize, String serverId) {
        this.host = host;
        this.requestedPort = port;
        this.maxFrameSize = maxFrameSize;
        this.serverId = serverId;
    }

    public void register(short code, RequestHandler handler, Executor executor) {
        if (code == CommandCode.HANDSHAKE) {
            throw new IllegalArgumentException("the handshake is the server's own");
        }
        handlers.put(code, new Registration(handler, executor));
    }

    /**
     * Runs {@code handler} on the Netty event loop itself, saving a thread hand-off per request. Only for handlers that
     * never block: no disk, no locks held by disk work; one that sometimes must block hands that case to an executor.
     */
    public void registerInline(short code, RequestHandler handler) {
        if (code == CommandCode.HANDSHAKE) {
            throw new IllegalArgumentException("the handshake is the server's own");
        }
        handlers.put(code, new Registration(handler, null));
    }

    /** Checks logins and requests; without a policy everybody may do everything. Before {@link #start}. */
    public void accessPolicy(AccessPolicy policy) {
        this.policy = policy;
    }

    /**
     * Checks every request's values before the access policy and the handler (on the event loop: keep it quick): a
     * non-null answer is why the request is invalid, answered {@link ResponseCode#INVALID_REQUEST}. Before {@link #start}.
     */
    public void requestCheck(Function<Frame, String> check) {
        this.requestCheck = check;
    }

    /** The principal the connection logged in as (see {@link AccessPolicy}), or null without a policy. */
    public static Object principal(Channel ch) {
        return ch.attr(PRINCIPAL).get();
    }

    /** Called (on an event loop: keep it short) when a connection closes, for whatever reason. */
    public void onClose(Consumer<Channel> listener) {
        closeListeners.add(listener);
    }

    public RemotingServer start() {
        boss = Transport.group(1, "tern-accept-" + serverId);
        workers = Transport.group(Math.max(2, Runtime.getRuntime().availableProcessors()), "tern-io-" + serverId);
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(Transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FrameDecoder(maxFrameSize), FrameEncoder.INSTANCE, dispatcher);
                        ch.closeFuture().addListener(f -> closeListeners.forEach(l -> l.accept(ch)));
                    }
                });
        try {
            serverChannel = b.bind(host, requestedPort).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new RemotingException("interrupted while binding " + host + ":" + requestedPort);
        } catch (Exception e) {
            close();
            throw new RemotingException("cannot listen on " + host + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        return this;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public String address() {
        return host + ":" + port();
    }

    /** The id the peer gave in its handshake, or null before it. */
    public static String peerId(Channel ch) {
        return ch.attr(PEER_ID).get();
    }

    @Override
    public void close() {
        logins.shutdownNow();
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (boss != null) {
            boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workers != null) {
            workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @ChannelHandler.Sharable
    private final class Dispatcher extends SimpleChannelInboundHandler<Frame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            Channel ch = ctx.channel();
            if (frame.isResponse()) {
                protocolError(ch, "sent a response (#" + frame.requestId() + ") to a server");
            } else if (peerId(ch) == null) {
                handshake(ch, frame);
            } else {
                dispatch(ch, frame);
            }
        }

        private void handshake(Channel ch, Frame frame) {
            Request request = new Request(frame, ch);
            if (frame.code() != CommandCode.HANDSHAKE) {
                protocolError(ch, "sent request code " + frame.code() + " before the handshake");
                return;
            }
            // the version comes first and alone decides how the rest reads: check it before decoding anything else
            int version = frame.header().length >= 4 ? java.nio.ByteBuffer.wrap(frame.header()).getInt() : -1;
            if (version != Handshake.PROTOCOL_VERSION) {
                request.error(ResponseCode.VERSION_MISMATCH, "protocol version " + version + " is not spoken here; this server speaks "
                        + Handshake.PROTOCOL_VERSION + ": upgrade the older side");
                ch.close();
                return;
            }
            Handshake h;
            try {
                h = Handshake.decode(frame.header());
            } catch (FrameCodecException e) {
                protocolError(ch, "sent a bad handshake: " + e.getMessage());
                return;
            }
            AccessPolicy p = policy;
            if (p == null) {
                admit(ch, h, null, request);
                return;
            }
            ch.config().setAutoRead(false); // nothing else is read until the login is decided
            logins.execute(() -> {
                try {
                    Object principal = p.login(h.user(), h.password());
                    ch.eventLoop().execute(() -> {
                        admit(ch, h, principal, request);
                        ch.config().setAutoRead(true);
                    });
                } catch (AccessPolicy.Refused e) {
                    LOG.warn("refused login of {} from {}: {}", h.user(), ch.remoteAddress(), e.getMessage());
                    request.error(ResponseCode.AUTH_FAILED, e.getMessage());
                    ch.close();
                }
            });
        }

        private void admit(Channel ch, Handshake h, Object principal, Request request) {
            ch.attr(PRINCIPAL).set(principal);
            ch.attr(PEER_ID).set(h.id() == null ? "anonymous" : h.id());
            request.ok(new Handshake(Handshake.PROTOCOL_VERSION, serverId).encode(), null);
        }

        private void dispatch(Channel ch, Frame frame) {
            Request request = new Request(frame, ch);
            Registration r = handlers.get(frame.code());
            AccessPolicy p = policy;
            if (r != null) {
                String invalid;
                String denied;
                try {
                    invalid = requestCheck.apply(frame);
                    denied = invalid != null || p == null ? null : p.deny(principal(ch), frame);
                } catch (FrameCodecException e) {
                    protocolError(ch, "sent a request (code " + frame.code() + ") that does not decode: " + e.getMessage());
                    return;
                }
                if (invalid != null) {
                    request.error(ResponseCode.INVALID_REQUEST, invalid);
                    return;
                }
                if (denied != null) {
                    request.error(ResponseCode.NO_PERMISSION, denied);
                    return;
                }
            }
            if (r == null) {
                request.error(ResponseCode.UNKNOWN_COMMAND, "request code " + frame.code() + " is not known to " + serverId);
                return;
            }
            if (r.executor() == null) {
                run(r.handler(), request);
                return;
            }
            try {
                r.executor().execute(() -> run(r.handler(), request));
            } catch (RejectedExecutionException e) {
                request.error(ResponseCode.SYSTEM_BUSY, serverId + " is busy: its queue for request code " + frame.code() + " is full");
            }
        }

        private void run(RequestHandler handler, Request request) {
            try {
                handler.handle(request);
            } catch (FrameCodecException e) {
                protocolError(request.connection(), "sent a request (code " + request.frame().code() + ") that does not decode: " + e.getMessage());
            } catch (Exception e) {
                LOG.error("handler for request code {} from {} failed", request.frame().code(), request.remoteAddress(), e);
                request.error(ResponseCode.SYSTEM_ERROR, "request code " + request.frame().code() + " failed on " + serverId + ": " + e);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable reason = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            protocolError(ctx.channel(), "broke the frame protocol: " + reason.getMessage());
        }

        private void protocolError(Channel ch, String what) {
            LOG.warn("closing connection from {} ({}): it {}", ch.remoteAddress(), peerId(ch), what);
            ch.close();
        }
    }
}
