package io.tern.broker;

import io.tern.protocol.CommandCode;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.Headers;
import io.tern.protocol.Heartbeat;
import io.tern.remoting.RemotingClient;
import io.tern.store.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Members that stop heartbeating but keep their connection open leave their group after {@code memberExpiry}
 * (broker clock moved by hand): the others are told, member and group lists drop them.
 */
class MemberExpiryIT {
    static final Duration T = Duration.ofSeconds(5);
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(1_700_000_000_000L);
    final List<AutoCloseable> open = new ArrayList<>();
    Cluster cluster;
    Broker broker;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        cluster.close();
    }

    RemotingClient member(String id, LinkedBlockingQueue<String> notices) {
        RemotingClient c = new RemotingClient(id, FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 8, 8);
        c.onNotification(CommandCode.NOTIFY_MEMBERS_CHANGED, f -> notices.add(Headers.reader(f.header()).str()));
        open.add(c);
        return c;
    }

    void heartbeat(RemotingClient c, String id) {
        c.invokeSync(broker.address(), CommandCode.HEARTBEAT, new Heartbeat(id, List.of("g"), List.of()).encode(), null, T);
    }

    List<String> list(RemotingClient c, short code, byte[] header) {
        return Heartbeat.decodeMembers(c.invokeSync(broker.address(), code, header, null, T).body());
    }

    @Test
    void aSilentMemberIsRemovedAndTheOthersAreTold() throws Exception {
        cluster = new Cluster(dir);
        broker = cluster.startBroker("broker-a", b -> b.clock(clock).memberExpiry(Duration.ofSeconds(30)));
        LinkedBlockingQueue<String> toA = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<String> toB = new LinkedBlockingQueue<>();
        RemotingClient a = member("A", toA);
        RemotingClient b = member("B", toB);
        heartbeat(a, "A");
        heartbeat(b, "B");
        assertThat(toA.poll(5, TimeUnit.SECONDS)).isEqualTo("g"); // B joined
        byte[] group = Headers.writer().str("g").toBytes();
        assertThat(list(b, CommandCode.GET_CONSUMER_LIST, group)).containsExactly("A", "B");
        toB.clear();

        clock.advance(Duration.ofSeconds(20));
        heartbeat(b, "B"); // A stays silent, its connection open
        clock.advance(Duration.ofSeconds(15)); // A last beat 35 s ago, B 15 s ago
        heartbeat(b, "B");
        assertThat(toB.poll(5, TimeUnit.SECONDS)).as("B is told that A left").isEqualTo("g");
        assertThat(list(b, CommandCode.GET_CONSUMER_LIST, group)).containsExactly("B");

        clock.advance(Duration.ofSeconds(31)); // now B is silent too; the periodic sweep removes it and the group
        broker.expireMembers();
        assertThat(list(a, CommandCode.GET_CONSUMER_LIST, group)).isEmpty();
        assertThat(list(a, CommandCode.LIST_GROUPS, null)).doesNotContain("g");
    }
}
