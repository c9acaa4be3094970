package io.tern.remoting;

import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.Headers;
import io.tern.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server and a client over loopback on an ephemeral port. */
class RemotingIT {
    static final short ECHO = 100;
    static final short HOLD = 101;
    static final short NOTE = 102;
    static final short BROKEN = 103;
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final ExecutorService handlers = Executors.newFixedThreadPool(4);
    final List<Request> held = new ArrayList<>();
    final LinkedBlockingQueue<String> notes = new LinkedBlockingQueue<>();
    RemotingServer server;
    RemotingClient client;

    @BeforeEach
    void start() {
        server = new RemotingServer("127.0.0.1", 0, 64 * 1024, "test-server");
        server.register(ECHO, r -> r.ok(r.frame().header(), r.frame().body()), handlers);
        server.register(HOLD, r -> {
            synchronized (held) {
                held.add(r);
            }
        }, handlers);
        server.register(NOTE, r -> notes.add(new String(r.frame().body())), handlers);
        server.register(BROKEN, r -> Headers.reader(r.frame().header()).i64(), handlers);
        server.start();
        client = new RemotingClient("test-client", 64 * 1024, Duration.ofSeconds(3), 4, 4);
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        handlers.shutdownNow();
    }

    String addr() {
        return server.address();
    }

    @Test
    void syncAsyncAndOnewayCallsGetThrough() throws Exception {
        Frame sync = client.invokeSync(addr(), ECHO, new byte[]{1}, "hello".getBytes(), TIMEOUT);
        assertThat(sync.code()).isEqualTo(ResponseCode.OK);
        assertThat(sync.body()).asString().isEqualTo("hello");

        List<CompletableFuture<Frame>> futures = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            futures.add(client.invokeAsync(addr(), ECHO, null, ("m" + i).getBytes(), TIMEOUT));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(futures.get(i).get().body()).asString().isEqualTo("m" + i);
        }

        client.invokeOneway(addr(), NOTE, null, "fire".getBytes(), TIMEOUT).get();
        assertThat(notes.poll(5, TimeUnit.SECONDS)).isEqualTo("fire");
    }

    @Test
    void aHeldRequestIsAnsweredLaterAndOthersFlowMeanwhile() throws Exception {
        CompletableFuture<Frame> waiting = client.invokeAsync(addr(), HOLD, null, null, TIMEOUT);
        assertThat(client.invokeSync(addr(), ECHO, null, "x".getBytes(), TIMEOUT).body()).asString().isEqualTo("x");
        assertThat(waiting).isNotDone();
        Request r = awaitHeld();
        r.ok(null, "later".getBytes());
        r.ok(null, "twice".getBytes()); // ignored: one answer per request
        assertThat(waiting.get().body()).asString().isEqualTo("later");
    }

    @Test
    void callsAfterCloseFailAtOnceNamingTheClosedClient() {
        client.invokeSync(addr(), ECHO, null, null, TIMEOUT);
        client.close();
        assertThatThrownBy(() -> client.invokeSync(addr(), ECHO, null, null, TIMEOUT))
                .isInstanceOf(RemotingException.ConnectFailed.class).hasMessageContaining("is closed");
        assertThat(client.invokeAsync(addr(), ECHO, null, null, TIMEOUT)).isCompletedExceptionally();
        assertThat(client.invokeOneway(addr(), NOTE, null, null, TIMEOUT)).isCompletedExceptionally();
    }

    @Test
    void noAnswerWithinTheTimeoutFailsTheCall() {
        CompletableFuture<Frame> f = client.invokeAsync(addr(), HOLD, null, null, Duration.ofMillis(200));
        assertThatThrownBy(f::get).hasCauseInstanceOf(RemotingException.Timeout.class).hasMessageContaining("within 200 ms");
    }

    @Test
    void asyncCallsBeyondTheLimitFailAtOnce() throws Exception {
        List<CompletableFuture<Frame>> f = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            f.add(client.invokeAsync(addr(), HOLD, null, null, TIMEOUT));
        }
        CompletableFuture<Frame> fifth = client.invokeAsync(addr(), HOLD, null, null, TIMEOUT);
        assertThat(fifth).isCompletedExceptionally();
        assertThatThrownBy(fifth::get).hasCauseInstanceOf(RemotingException.TooManyInFlight.class).hasMessageContaining("4 async calls");
        for (int i = 0; i < 4; i++) {
            awaitHeld(i + 1);
        }
        synchronized (held) {
            held.forEach(r -> r.ok(null, null));
        }
        for (CompletableFuture<Frame> x : f) {
            x.get();
        }
        assertThat(client.invokeAsync(addr(), ECHO, null, null, TIMEOUT).get().code()).isEqualTo(ResponseCode.OK);
    }

    @Test
    void unknownCommandsAndFailingHandlersAreAnsweredWithErrors() {
        Frame unknown = client.invokeSync(addr(), (short) 999, null, null, TIMEOUT);
        assertThat(unknown.code()).isEqualTo(ResponseCode.UNKNOWN_COMMAND);
        assertThat(ErrorHeader.decode(unknown.header()).message()).contains("999").contains("test-server");
    }

    @Test
    void aRequestWhoseHeaderDoesNotDecodeClosesOnlyThatConnection() throws Exception {
        CompletableFuture<Frame> broken = client.invokeAsync(addr(), BROKEN, new byte[]{1, 2}, null, TIMEOUT);
        assertThatThrownBy(broken::get).hasCauseInstanceOf(RemotingException.ConnectFailed.class);
        // the client reconnects on the next call
        assertThat(client.invokeSync(addr(), ECHO, null, "again".getBytes(), TIMEOUT).body()).asString().isEqualTo("again");
    }

    @Test
    void aFrameOverTheServersMaximumClosesTheConnectionAndTheServerGoesOn() {
        CompletableFuture<Frame> big = client.invokeAsync(addr(), ECHO, null, new byte[32 * 1024], TIMEOUT);
        try (RemotingClient bigClient = new RemotingClient("big", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 4, 4)) {
            CompletableFuture<Frame> tooBig = bigClient.invokeAsync(addr(), ECHO, null, new byte[100 * 1024], TIMEOUT);
            assertThatThrownBy(tooBig::get).hasCauseInstanceOf(RemotingException.ConnectFailed.class);
        }
        assertThat(big.join().body()).hasSize(32 * 1024);
    }

    @Test
    void aWrongProtocolVersionIsRefusedWithTheReason() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(Frame.request(CommandCode.HANDSHAKE, 1, Headers.writer().i32(99).str("old").toBytes(), null));
            Frame answer = raw.receive();
            assertThat(answer.code()).isEqualTo(ResponseCode.VERSION_MISMATCH);
            assertThat(ErrorHeader.decode(answer.header()).message()).contains("protocol version 99").contains("speaks 1");
            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void aRequestBeforeTheHandshakeClosesTheConnection() throws Exception {
        try (RawConnection raw = new RawConnection(server.port())) {
            raw.send(Frame.request(ECHO, 1, null, null));
            assertThat(raw.closedByPeer()).isTrue();
        }
    }

    @Test
    void aFullHandlerQueueAnswersBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        try (RemotingServer s = new RemotingServer("127.0.0.1", 0, 4096, "busy")) {
            s.register(ECHO, r -> {
                release.await();
                r.ok(null, null);
            }, one);
            s.start();
            CompletableFuture<Frame> running = client.invokeAsync(s.address(), ECHO, null, null, TIMEOUT);
            CompletableFuture<Frame> queued = client.invokeAsync(s.address(), ECHO, null, null, TIMEOUT);
            org.awaitility.Awaitility.await().until(() -> one.getQueue().size() == 1);
            Frame busy = client.invokeSync(s.address(), ECHO, null, null, TIMEOUT);
            assertThat(busy.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
            release.countDown();
            assertThat(running.get().code()).isEqualTo(ResponseCode.OK);
            assertThat(queued.get().code()).isEqualTo(ResponseCode.OK);
        } finally {
            one.shutdownNow();
        }
    }

    @Test
    void anUnreachableServerFailsTheCallClearly() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertThatThrownBy(() -> client.invokeSync("127.0.0.1:" + port, ECHO, null, null, TIMEOUT))
                .isInstanceOf(RemotingException.ConnectFailed.class).hasMessageContaining("cannot connect to 127.0.0.1:" + port);
    }

    private Request awaitHeld() {
        return awaitHeld(1);
    }

    private Request awaitHeld(int count) {
        org.awaitility.Awaitility.await().until(() -> {
            synchronized (held) {
                return held.size() >= count;
            }
        });
        synchronized (held) {
            return held.get(count - 1);
        }
    }
}
