package io.tern.cli;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.client.OutgoingMessage;
import io.tern.client.Producer;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tern consume --mode lease} against a broker over loopback: receives, acks, writes the ids. */
class LeaseConsumeCommandIT {
    @TempDir
    Path dir;

    @Test
    void leaseModeReceivesAcksAndWritesIds() throws Exception {
        try (NameServer ns = NameServer.start(NameServerConfig.builder().port(0).build());
             Broker broker = Broker.start(BrokerConfig.builder(dir.resolve("b")).port(0).nameServers(List.of(ns.address()))
                     .store(s -> s.segmentSize(16 << 20).indexSlots(4096).indexEntries(65536).consumeQueueFileEntries(100_000)).build());
             Producer producer = Producer.builder().nameServers(ns.address()).build()) {
            Set<String> sent = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                sent.add(producer.send(OutgoingMessage.to("cli-lease").body("m" + i).build()).id().toString());
            }
            Path ids = dir.resolve("ids");
            String[] args = {"consume", "--namesrv", ns.address(), "--topic", "cli-lease", "--group", "g-cli", "--mode", "lease",
                    "--count", "30", "--wait", "2", "--quiet", "--ids-out", ids.toString()};
            assertThat(Tern.run(args)).isZero();
            assertThat(new HashSet<>(Files.readAllLines(ids))).isEqualTo(sent);
            args[10] = "0"; // --count 0: until --wait passes with nothing; everything was acked, so nothing comes
            args[12] = "1";
            assertThat(Tern.run(args)).isZero();
            assertThat(Files.readAllLines(ids)).isEmpty();
        }
    }
}
