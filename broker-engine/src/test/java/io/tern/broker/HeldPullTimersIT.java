package io.tern.broker;

import io.tern.client.Admin;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.protocol.BrokerStats;
import io.tern.protocol.CommandCode;
import io.tern.protocol.Frame;
import io.tern.protocol.FrameDescriptor;
import io.tern.protocol.PullRequest;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.RemotingClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Long polls answered by new messages leave no timers behind on the broker (they used to stay until their 30 s deadline). */
class HeldPullTimersIT {
    @TempDir
    Path dir;

    @Test
    void answeredLongPollsLeaveNoPendingTimers() {
        try (Cluster cluster = new Cluster(dir)) {
            Broker broker = cluster.startBroker("broker-a", b -> b);
            try (Admin admin = new Admin(List.of(cluster.nameServers()))) {
                admin.createTopic("held", 1);
            }
            try (Producer producer = Producer.builder().nameServers(cluster.nameServers()).build();
                 RemotingClient raw = new RemotingClient("raw", FrameDescriptor.DEFAULT_MAX_FRAME_SIZE, Duration.ofSeconds(3), 8, 8)) {
                for (int i = 0; i < 100; i++) {
                    CompletableFuture<Frame> pull = raw.invokeAsync(broker.address(), CommandCode.PULL,
                            new PullRequest("g", "held", 0, i, 32, 30_000, null, null).encode(), null, Duration.ofSeconds(40));
                    int before = i;
                    await().until(() -> stat(broker, "pull.held") == 1 || pull.isDone()); // held (or answered at once)
                    producer.send(OutgoingMessage.to("held").body("m" + before).build());
                    assertThat(pull.join().code()).isEqualTo(ResponseCode.OK);
                }
                await().until(() -> stat(broker, "pull.held") == 0);
                assertThat(stat(broker, "pull.heldTimers")).isZero();
            }
        }
    }

    private static long stat(Broker b, String name) {
        BrokerStats s = b.stats();
        return s.values().get(name);
    }
}
