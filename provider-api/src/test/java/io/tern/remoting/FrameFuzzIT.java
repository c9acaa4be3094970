package io.tern.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.tern.protocol.CommandCode;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameEncoder;
import io.tern.protocol.Fuzz;
import io.tern.protocol.Handshake;
import io.tern.protocol.Headers;
import io.tern.protocol.ResponseCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of connections send random and mutated frames to a live server; afterwards a well-behaved client is
 * served as if nothing happened, and was served all along.
 */
class FrameFuzzIT {
    static final short ECHO = 100;

    @Test
    void garbageOnManyConnectionsNeverStopsTheServerServingOthers() throws Exception {
        ExecutorService handlers = Executors.newFixedThreadPool(2);
        try (RemotingServer server = new RemotingServer("127.0.0.1", 0, 64 * 1024, "fuzz").start();
             RemotingClient good = new RemotingClient("good", 64 * 1024, Duration.ofSeconds(3), 16, 16)) {
            server.register(ECHO, r -> {
                Headers.Reader h = Headers.reader(r.frame().header());
                String s = h.str();
                h.end();
                r.ok(Headers.writer().str(s).toBytes(), r.frame().body());
            }, handlers);

            byte[] template = validConversation();
            Random random = new Random(4242);
            for (int i = 0; i < 3000; i++) {
                byte[] garbage = i % 3 == 0 ? Fuzz.randomBytes(random, 200) : Fuzz.mutate(template, random);
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                    s.getOutputStream().write(garbage);
                    s.getOutputStream().flush();
                } catch (IOException ignored) {
                    // the server may close first; that is what it should do with garbage
                }
                if (i % 500 == 0) {
                    assertServes(good, server, "during fuzzing, connection " + i);
                }
            }
            assertServes(good, server, "after fuzzing");
        } finally {
            handlers.shutdownNow();
        }
    }

    private static void assertServes(RemotingClient client, RemotingServer server, String when) {
        Frame f = client.invokeSync(server.address(), ECHO, Headers.writer().str(when).toBytes(), new byte[]{1, 2, 3}, Duration.ofSeconds(5));
        assertThat(f.code()).as(when).isEqualTo(ResponseCode.OK);
        assertThat(Headers.reader(f.header()).str()).isEqualTo(when);
    }

    private static byte[] validConversation() {
        ByteBuf b = Unpooled.buffer();
        FrameEncoder.write(Frame.request(CommandCode.HANDSHAKE, 1, new Handshake(Handshake.PROTOCOL_VERSION, "x").encode(), null), b);
        FrameEncoder.write(Frame.request(ECHO, 2, Headers.writer().str("hello").toBytes(), new byte[16]), b);
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }
}
