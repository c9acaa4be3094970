package io.tern.remoting;

import io.tern.protocol.CommandCode;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.Handshake;
import io.tern.protocol.ResponseCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The limits of {@link ServerLimits} over loopback sockets: each would hang or grow without its limit. */
class ServerLimitsIT {
    static final short ECHO = 100;
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    final ExecutorService handlers = Executors.newFixedThreadPool(2);
    final List<AutoCloseable> open = new ArrayList<>();
    final CountDownLatch releaseA = new CountDownLatch(1);
    RemotingServer server;

    RemotingServer start(ServerLimits limits, AccessPolicy policy) {
        server = new RemotingServer("127.0.0.1", 0, 64 * 1024, "limits-server", limits);
        server.register(ECHO, r -> r.ok(null, r.frame().body()), handlers);
        if (policy != null) {
            server.accessPolicy(policy);
        }
        return server.start();
    }

    RemotingClient client(String id) {
        RemotingClient c = new RemotingClient(id, 64 * 1024, Duration.ofSeconds(3), 4, 4);
        open.add(c);
        return c;
    }

    RawConnection raw() throws Exception {
        RawConnection r = new RawConnection(server.port());
        open.add(r);
        return r;
    }

    @AfterEach
    void stop() throws Exception {
        releaseA.countDown();
        for (AutoCloseable c : open) {
            c.close();
        }
        if (server != null) {
            server.close();
        }
        handlers.shutdownNow();
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheHandshakeTimeout() throws Exception {
        start(new ServerLimits(Duration.ofMillis(200), 100, 2, 8), null);
        RawConnection silent = raw();
        assertThat(silent.closedByPeer()).isTrue(); // the socket's own timeout (10 s) would throw instead
        await().atMost(TIMEOUT).until(() -> server.connections() == 0);
    }

    @Test
    void aLoginThatNeverCompletesIsClosedAfterTheHandshakeTimeout() throws Exception {
        start(new ServerLimits(Duration.ofMillis(300), 100, 2, 8), blockingFor("a"));
        RawConnection stuck = raw();
        stuck.send(handshake("c", "a"));
        assertThat(stuck.closedByPeer()).isTrue();
    }

    @Test
    void aLoggedInConnectionOutlivesTheHandshakeTimeout() throws Exception {
        start(new ServerLimits(Duration.ofMillis(100), 100, 2, 8), null);
        RemotingClient c = client("patient");
        c.invokeSync(server.address(), ECHO, null, "1".getBytes(), TIMEOUT);
        RawConnection later = raw(); // opened after the login: once its timeout closed it, the first one's has passed too
        assertThat(later.closedByPeer()).isTrue();
        assertThat(c.invokeSync(server.address(), ECHO, null, "2".getBytes(), TIMEOUT).body()).asString().isEqualTo("2");
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void connectionsBeyondTheLimitAreRefusedNamingItThenClosed() throws Exception {
        start(new ServerLimits(Duration.ofSeconds(10), 2, 2, 8), null);
        client("one").invokeSync(server.address(), ECHO, null, null, TIMEOUT);
        RemotingClient two = client("two");
        two.invokeSync(server.address(), ECHO, null, null, TIMEOUT);

        assertThatThrownBy(() -> client("three").invokeSync(server.address(), ECHO, null, null, TIMEOUT))
                .isInstanceOfSatisfying(RemotingException.Refused.class, e -> assertThat(e.code()).isEqualTo(ResponseCode.SYSTEM_BUSY))
                .hasMessageContaining("maximum of 2 connections").hasMessageContaining("maxConnections");
        RawConnection raw = raw();
        raw.send(Frame.request(CommandCode.HANDSHAKE, 7, new Handshake(Handshake.PROTOCOL_VERSION, "four").encode(), null));
        Frame answer = raw.receive();
        assertThat(answer.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
        assertThat(ErrorHeader.decode(answer.header()).message()).contains("maxConnections");
        assertThat(raw.closedByPeer()).isTrue();

        two.close(); // a place frees up: the next connection is served
        await().atMost(TIMEOUT).until(() -> server.connections() == 1);
        assertThat(client("five").invokeSync(server.address(), ECHO, null, "x".getBytes(), TIMEOUT).body()).asString().isEqualTo("x");
    }

    @Test
    void aFloodOfLoginsForOneUserDoesNotStallAnotherUsersLogin() throws Exception {
        start(new ServerLimits(Duration.ofSeconds(30), 100, 2, 4), blockingFor("a"));
        for (int i = 0; i < 4; i++) { // a's first 4 logins wait (the first hashing, for ever)
            raw().send(handshake("a" + i, "a"));
            int queued = i + 1;
            await().atMost(TIMEOUT).until(() -> server.loginsPending() == queued);
        }
        int refused = 0;
        for (int i = 4; i < 20; i++) { // the rest of the flood is refused at once, naming the limit
            RawConnection r = raw();
            r.send(handshake("a" + i, "a"));
            Frame f = r.receive();
            assertThat(f.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
            assertThat(ErrorHeader.decode(f.header()).message()).contains("user 'a'").contains("loginQueuePerUser");
            refused++;
        }
        assertThat(refused).isEqualTo(16);
        assertThat(server.loginsPending()).isEqualTo(4);

        RemotingClient b = client("b");
        b.credentials("b", "pw");
        assertThat(b.invokeSync(server.address(), ECHO, null, "b".getBytes(), TIMEOUT).body()).asString().isEqualTo("b");
    }

    static Frame handshake(String clientId, String user) {
        return Frame.request(CommandCode.HANDSHAKE, 1, new Handshake(Handshake.PROTOCOL_VERSION, clientId, user, "pw").encode(), null);
    }

    /** Logs everybody in, except that user {@code slow}'s logins block until the test ends (a hash that never ends). */
    AccessPolicy blockingFor(String slow) {
        return new AccessPolicy() {
            @Override
            public Object login(String user, String password) {
                if (slow.equals(user)) {
                    try {
                        releaseA.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return user;
            }

            @Override
            public String deny(Object principal, Frame request) {
                return null;
            }
        };
    }
}
