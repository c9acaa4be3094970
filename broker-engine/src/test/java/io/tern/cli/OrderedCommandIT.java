package io.tern.cli;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tern produce --order-key} then {@code tern consume --orderly}: one queue, the ids back in send order. */
class OrderedCommandIT {
    @TempDir
    Path dir;

    @Test
    void orderKeySendsToOneQueueAndOrderlyConsumeReadsItInOrder() throws Exception {
        try (NameServer ns = NameServer.start(NameServerConfig.builder().port(0).build());
             Broker broker = Broker.start(BrokerConfig.builder(dir.resolve("b")).port(0).nameServers(List.of(ns.address()))
                     .store(s -> s.segmentSize(16 << 20).indexSlots(4096).indexEntries(65536).consumeQueueFileEntries(100_000)).build())) {
            Path sent = dir.resolve("sent");
            Path got = dir.resolve("got");
            assertThat(Tern.run("produce", "--namesrv", ns.address(), "--topic", "cli-ordered", "--count", "40", "--size", "8",
                    "--order-key", "order-17", "--ids-out", sent.toString())).isZero();
            assertThat(Tern.run("consume", "--namesrv", ns.address(), "--topic", "cli-ordered", "--group", "g-ordered", "--orderly",
                    "--from", "first", "--count", "40", "--wait", "5", "--quiet", "--ids-out", got.toString())).isZero();
            assertThat(Files.readAllLines(got)).containsExactlyElementsOf(Files.readAllLines(sent));
            assertThat(Tern.run("produce", "--namesrv", ns.address(), "--topic", "cli-ordered", "--order-key", "k", "--mode", "async"))
                    .isNotZero();
        }
    }
}
