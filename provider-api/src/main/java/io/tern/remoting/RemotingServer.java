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
import io.tern.remoting.internal.LoginQueue;
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
 * <p>What a client can take is bounded by {@link ServerLimits}: a connection not logged in within
 * {@code handshakeTimeout} is closed; beyond {@code maxConnections} a new connection's first frame is answered
 * {@code SYSTEM_BUSY} naming the limit and the connection closed; logins run on a {@link LoginQueue} (a few threads,
 * a bounded queue per user), so one user's flood of handshakes is refused rather than stalling everybody's logins.
 *
 * <p>Thread rules: {@link #register} and {@link #onClose} before {@link #start}; everything else from any thread.
 */
public final class RemotingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemotingServer.class);
    private static final AttributeKey<String> PEER_ID = AttributeKey.valueOf("tern.peerId");
    private static final AttributeKey<Object> PRINCIPAL = AttributeKey.valueOf("tern.principal");
    /** Why a connection beyond {@code maxConnections} is refused; set on it when it opens, answered at its first frame. */
    private static final AttributeKey<String> OVER_LIMIT = AttributeKey.valueOf("tern.overLimit");
    private static final AttributeKey<java.util.concurrent.Future<?>> HANDSHAKE_DEADLINE = AttributeKey.valueOf("tern.handshakeDeadline");

    private final String host;
    private final int requestedPort;
    private final int maxFrameSize;
    private final String serverId;
    private final ServerLimits limits;
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<Short, Registration> handlers = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Channel>> closeListeners = new CopyOnWriteArrayList<>();
    private final ChannelHandler dispatcher = new Dispatcher();
    private volatile AccessPolicy policy;
    private volatile Function<Frame, String> requestCheck = f -> null;
    private final LoginQueue logins;
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
        this(host, port, maxFrameSize, serverId, ServerLimits.DEFAULTS);
    }

    /** As {@link #RemotingServer(String, int, int, String)}, with these connection and login limits. */
    public RemotingServer(String host, int port, int maxFrameSize, String serverId, ServerLimits limits) {
        this.host = host;
        this.requestedPort = port;
        this.maxFrameSize = maxFrameSize;
        this.serverId = serverId;
        this.limits = limits;
        this.logins = new LoginQueue(limits.loginThreads(), limits.loginQueuePerUser(), serverId);
    }

    /** Logins waiting or running now, all users. */
    public int loginsPending() {
        return logins.pending();
    }

    /** Connections open now (those refused beyond {@code maxConnections} not counted). */
    public int connections() {
        return connections.get();
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
                        count(ch);
                        ch.closeFuture().addListener(f -> closeListeners.forEach(l -> l.accept(ch)));
                        long timeout = limits.handshakeTimeout().toMillis();
                        ch.attr(HANDSHAKE_DEADLINE).set(ch.eventLoop().schedule(() -> handshakeTimedOut(ch, timeout), timeout,
                                java.util.concurrent.TimeUnit.MILLISECONDS));
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

    /** Counts {@code ch} against {@code maxConnections}, or marks it to be refused at its first frame. */
    private void count(Channel ch) {
        if (connections.incrementAndGet() <= limits.maxConnections()) {
            ch.closeFuture().addListener(f -> connections.decrementAndGet());
            return;
        }
        connections.decrementAndGet(); // a refused connection lives only until its first frame or its handshake timeout
        ch.attr(OVER_LIMIT).set(serverId + " holds its maximum of " + limits.maxConnections()
                + " connections (setting maxConnections): close idle connections, or raise maxConnections");
    }

    private void handshakeTimedOut(Channel ch, long timeoutMillis) {
        if (peerId(ch) == null && ch.isActive()) {
            LOG.warn("closing connection from {}: no login within {} ms of connecting (setting handshakeTimeout)",
                    ch.remoteAddress(), timeoutMillis);
            ch.close();
        }
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
        logins.close();
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
            String overLimit = ch.attr(OVER_LIMIT).get();
            if (overLimit != null) {
                LOG.warn("refused connection from {}: {}", ch.remoteAddress(), overLimit);
                ch.config().setAutoRead(false);
                request.error(ResponseCode.SYSTEM_BUSY, overLimit);
                ch.close();
                return;
            }
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
            boolean queued = logins.submit(h.user(), () -> login(ch, h, p, request));
            if (!queued) {
                String why = (h.user() == null ? "anonymous logins" : "user '" + h.user() + "'") + " already has "
                        + limits.loginQueuePerUser() + " logins waiting on " + serverId
                        + " (setting loginQueuePerUser): log in fewer connections at once, or retry later";
                LOG.warn("refused login from {}: {}", ch.remoteAddress(), why);
                request.error(ResponseCode.SYSTEM_BUSY, why);
                ch.close();
            }
        }

        /** On a login thread: hashes, then admits on the connection's event loop. */
        private void login(Channel ch, Handshake h, AccessPolicy p, Request request) {
            if (!ch.isActive()) {
                return; // closed while waiting (its handshake timed out, or the client went): no hash for nobody
            }
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
            } catch (RuntimeException e) {
                LOG.error("login of {} from {} failed", h.user(), ch.remoteAddress(), e);
                request.error(ResponseCode.SYSTEM_ERROR, "login failed on " + serverId + ": " + e);
                ch.close();
            }
        }

        private void admit(Channel ch, Handshake h, Object principal, Request request) {
            if (!ch.isActive()) {
                return;
            }
            java.util.concurrent.Future<?> deadline = ch.attr(HANDSHAKE_DEADLINE).getAndSet(null);
            if (deadline != null) {
                deadline.cancel(false);
            }
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
            } catch (Exception | StackOverflowError e) { // a request too deep for a handler must not kill its thread unanswered
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
