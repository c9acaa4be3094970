package io.tern.remoting;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameDecoder;
import io.tern.protocol.FrameEncoder;
import io.tern.protocol.Handshake;
import io.tern.protocol.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls servers: sync, async (a future) and oneway, each with a timeout. One connection per server address,
 * made on first use and handshaken before any call goes out on it; a closed connection fails its calls in flight
 * and is made anew by the next call.
 *
 * <p>Limits: at most {@code maxInFlightAsync} async calls and {@code maxInFlightOneway} oneway calls not yet
 * answered (or written) at once; beyond that a call fails at once with {@link RemotingException.TooManyInFlight}
 * rather than queueing without bound. Sync calls are bounded by the calling threads.
 *
 * <p>Thread rules: every method from any thread. Futures complete on Netty or timer threads: keep callbacks short.
 */
public final class RemotingClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RemotingClient.class);

    private final String clientId;
    private final int maxFrameSize;
    private final Duration connectTimeout;
    private final Semaphore asyncPermits;
    private final Semaphore onewayPermits;
    private final int maxAsync;
    private final int maxOneway;
    private final EventLoopGroup group;
    private final HashedWheelTimer timer;
    private final AtomicInteger requestIds = new AtomicInteger();
    private final Map<String, CompletableFuture<Channel>> connections = new ConcurrentHashMap<>();
    private volatile String user;
    private volatile String password;
    /** Handlers of oneway requests a server sends on a connection this client opened (notifications). */
    private final Map<Short, java.util.function.Consumer<Frame>> notificationHandlers = new ConcurrentHashMap<>();
    /** Told the address of every handshaken connection that closes (the peer went away or {@link #close} ran). */
    private final java.util.List<java.util.function.Consumer<String>> disconnectListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Calls written and not yet answered, by request id, with the connection their answer must come on. */
    private final Map<Integer, InFlight> pending = new ConcurrentHashMap<>();
    /**
     * Set first by {@link #close}: later calls fail at once instead of opening a connection on the terminated event
     * loop (Netty then logs "Failed to submit a listener notification task" at ERROR and the call hangs until its
     * timeout; late calls are normal: a fetch answered during close gives its messages back).
     */
    private volatile boolean closed;

    private record InFlight(Channel channel, CompletableFuture<Frame> response) {
    }

    public RemotingClient(String clientId, int maxFrameSize, Duration connectTimeout, int maxInFlightAsync, int maxInFlightOneway) {
        this.clientId = clientId;
        this.maxFrameSize = maxFrameSize;
        this.connectTimeout = connectTimeout;
        this.maxAsync = maxInFlightAsync;
        this.maxOneway = maxInFlightOneway;
        this.asyncPermits = new Semaphore(maxInFlightAsync);
        this.onewayPermits = new Semaphore(maxInFlightOneway);
        this.group = Transport.group(1, "tern-client-io");
        this.timer = new HashedWheelTimer(r -> {
            Thread t = new Thread(r, "tern-client-timer");
            t.setDaemon(true);
            return t;
        }, 10, TimeUnit.MILLISECONDS);
    }

    /** Logs every connection made from now on in as {@code user} (null = anonymous). */
    public void credentials(String user, String password) {
        this.user = user;
        this.password = password;
    }

    /**
     * Handles oneway requests with {@code code} that servers send to this client (e.g. "membership changed"). The handler
     * runs on a Netty I/O thread: it must only hand work elsewhere.
     */
    public void onNotification(short code, java.util.function.Consumer<Frame> handler) {
        notificationHandlers.put(code, handler);
    }

    /**
     * Tells {@code listener} the address of each handshaken connection that closes, on a Netty I/O thread (hand work
     * elsewhere). A JMS connection sharing this transport learns of a lost broker this way.
     */
    public void onDisconnect(java.util.function.Consumer<String> listener) {
        disconnectListeners.add(listener);
    }

    /** Sends a request and waits for its response (OK or error; an error response is returned, not thrown). */
    public Frame invokeSync(String address, short code, byte[] header, byte[] body, Duration timeout) {
        try {
            return call(address, code, header, body, timeout).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemotingException("interrupted while calling " + address);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RemotingException re ? re : new RemotingException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** Sends a request; the future completes with the response or fails with a {@link RemotingException}. */
    public CompletableFuture<Frame> invokeAsync(String address, short code, byte[] header, byte[] body, Duration timeout) {
        if (!asyncPermits.tryAcquire()) {
            return CompletableFuture.failedFuture(new RemotingException.TooManyInFlight(
                    maxAsync + " async calls are already in flight (maxInFlightAsync); wait for some to complete"));
        }
        CompletableFuture<Frame> f = call(address, code, header, body, timeout);
        f.whenComplete((r, e) -> asyncPermits.release());
        return f;
    }

    /** Sends a request that gets no response; the future completes once it is written. */
    public CompletableFuture<Void> invokeOneway(String address, short code, byte[] header, byte[] body, Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(closedError(address));
        }
        if (!onewayPermits.tryAcquire()) {
            return CompletableFuture.failedFuture(new RemotingException.TooManyInFlight(
                    maxOneway + " oneway calls are already being written (maxInFlightOneway)"));
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        written.whenComplete((r, e) -> onewayPermits.release());
        connect(address, timeout).whenComplete((ch, e) -> {
            if (e != null) {
                written.completeExceptionally(e);
                return;
            }
            ch.writeAndFlush(Frame.oneway(code, requestIds.incrementAndGet(), header, body)).addListener(w -> {
                if (w.isSuccess()) {
                    written.complete(null);
                } else {
                    written.completeExceptionally(new RemotingException.ConnectFailed("writing to " + address + " failed", w.cause()));
                }
            });
        });
        return written;
    }

    private CompletableFuture<Frame> call(String address, short code, byte[] header, byte[] body, Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(closedError(address));
        }
        CompletableFuture<Frame> response = new CompletableFuture<>();
        int id = requestIds.incrementAndGet();
        Timeout timeoutTask = timer.newTimeout(t -> {
            if (pending.remove(id) != null || !response.isDone()) {
                response.completeExceptionally(new RemotingException.Timeout(
                        "no answer from " + address + " to request code " + code + " within " + timeout.toMillis() + " ms"));
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        response.whenComplete((r, e) -> {
            timeoutTask.cancel();
            pending.remove(id);
        });
        connect(address, timeout).whenComplete((ch, e) -> {
            if (e != null) {
                response.completeExceptionally(e);
                return;
            }
            send(ch, Frame.request(code, id, header, body), response);
        });
        return response;
    }

    private void send(Channel ch, Frame request, CompletableFuture<Frame> response) {
        pending.put(request.requestId(), new InFlight(ch, response));
        if (!ch.isActive()) { // closed between connect and put: channelInactive may have run already
            response.completeExceptionally(new RemotingException.ConnectFailed("connection to " + ch.remoteAddress() + " closed", null));
            return;
        }
        ch.writeAndFlush(request).addListener(w -> {
            if (!w.isSuccess()) {
                response.completeExceptionally(new RemotingException.ConnectFailed("writing to " + ch.remoteAddress() + " failed", w.cause()));
            }
        });
    }

    private RemotingException closedError(String address) {
        return new RemotingException.ConnectFailed("client " + clientId + " is closed; not calling " + address, null);
    }

    /** The handshaken connection to {@code address}, made if there is none. */
    private CompletableFuture<Channel> connect(String address, Duration timeout) {
        CompletableFuture<Channel> existing = connections.get(address);
        if (existing != null && !(existing.isDone() && (existing.isCompletedExceptionally() || !existing.join().isActive()))) {
            return existing;
        }
        CompletableFuture<Channel> fresh = new CompletableFuture<>();
        if (existing == null ? connections.putIfAbsent(address, fresh) != null : !connections.replace(address, existing, fresh)) {
            return connect(address, timeout); // another caller is connecting
        }
        open(address, fresh);
        return fresh;
    }

    private void open(String address, CompletableFuture<Channel> result) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            result.completeExceptionally(new IllegalArgumentException("address '" + address + "' is not host:port"));
            connections.remove(address, result);
            return;
        }
        Bootstrap b = new Bootstrap().group(group).channel(Transport.clientChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new FrameDecoder(maxFrameSize), FrameEncoder.INSTANCE, new ResponseHandler());
                    }
                });
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            result.completeExceptionally(new IllegalArgumentException("address '" + address + "' has no numeric port"));
            connections.remove(address, result);
            return;
        }
        b.connect(address.substring(0, colon), port).addListener(cf -> {
            if (!cf.isSuccess()) {
                connections.remove(address, result);
                result.completeExceptionally(new RemotingException.ConnectFailed("cannot connect to " + address + ": " + cf.cause().getMessage(), cf.cause()));
                return;
            }
            Channel ch = ((io.netty.channel.ChannelFuture) cf).channel();
            ch.closeFuture().addListener(c -> {
                connections.remove(address, result);
                if (result.isDone() && !result.isCompletedExceptionally()) {
                    disconnectListeners.forEach(l -> l.accept(address));
                }
            });
            handshake(address, ch, result);
        });
    }

    private void handshake(String address, Channel ch, CompletableFuture<Channel> result) {
        CompletableFuture<Frame> answer = new CompletableFuture<>();
        int id = requestIds.incrementAndGet();
        Timeout t = timer.newTimeout(x -> answer.completeExceptionally(new RemotingException.Timeout("no handshake answer from " + address)),
                connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        answer.whenComplete((f, e) -> {
            t.cancel();
            pending.remove(id);
            if (e != null) {
                ch.close();
                result.completeExceptionally(e);
            } else if (f.code() != ResponseCode.OK) {
                ch.close();
                result.completeExceptionally(new RemotingException.Refused(f.code(),
                        address + " refused the handshake: " + ErrorHeader.decode(f.header()).message()));
            } else {
                result.complete(ch);
            }
        });
        send(ch, Frame.request(CommandCode.HANDSHAKE, id, new Handshake(Handshake.PROTOCOL_VERSION, clientId, user, password).encode(), null), answer);
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<Frame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Frame frame) {
            if (!frame.isResponse()) {
                java.util.function.Consumer<Frame> handler = notificationHandlers.get(frame.code());
                if (handler != null && frame.isOneway()) {
                    handler.accept(frame);
                } else {
                    LOG.warn("{} sent request code {} that this client does not take; ignoring it", ctx.channel().remoteAddress(), frame.code());
                }
                return;
            }
            InFlight f = pending.remove(frame.requestId());
            if (f != null) {
                f.response().complete(frame);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            // fail what was in flight on this connection: its answers can no longer come
            for (InFlight f : pending.values()) {
                if (f.channel() == ctx.channel()) {
                    f.response().completeExceptionally(new RemotingException.ConnectFailed(
                            "connection to " + ctx.channel().remoteAddress() + " closed before the answer came", null));
                }
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable reason = cause instanceof io.netty.handler.codec.DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            LOG.warn("closing connection to {}: {}", ctx.channel().remoteAddress(), reason.getMessage());
            // the calls waiting here learn why, not only that the connection closed: an answer they cannot read
            // (too large for this client's frame limit, or malformed) will be the same on every retry
            boolean undecodable = cause instanceof io.netty.handler.codec.DecoderException || reason instanceof io.tern.protocol.FrameCodecException;
            for (InFlight f : pending.values()) {
                if (undecodable && f.channel() == ctx.channel()) { // other failures (a reset) are ConnectFailed, once closed
                    f.response().completeExceptionally(new RemotingException.Undecodable("an answer from " + ctx.channel().remoteAddress()
                            + " could not be decoded (" + reason.getMessage() + "); the connection was closed", reason));
                }
            }
            ctx.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        connections.values().forEach(f -> f.thenAccept(Channel::close));
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        timer.stop();
    }
}
