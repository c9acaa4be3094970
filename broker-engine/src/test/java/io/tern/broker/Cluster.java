package io.tern.broker;

import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import io.tern.store.FlushMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** A NameServer and brokers on 127.0.0.1 ephemeral ports, for end-to-end tests. Closes everything it started. */
final class Cluster implements AutoCloseable {
    final NameServer namesrv;
    final List<Broker> brokers = new ArrayList<>();
    private final Path dir;

    Cluster(Path dir) {
        this(dir, ns -> ns);
    }

    /** With the NameServer's settings adjusted, e.g. given an ACL file. */
    Cluster(Path dir, UnaryOperator<NameServerConfig.Builder> tuneNameServer) {
        this.dir = dir;
        this.namesrv = NameServer.start(tuneNameServer.apply(NameServerConfig.builder().port(0)).build());
    }

    Broker startBroker(String name, UnaryOperator<BrokerConfig.Builder> tune) {
        BrokerConfig.Builder b = BrokerConfig.builder(dir.resolve(name)).brokerName(name).port(0)
                .nameServers(List.of(namesrv.address()))
                .retryBackoff(List.of(Duration.ofMillis(200))) // failed push messages come back fast; tests may tune it
                .store(s -> s.segmentSize(16 << 20).flushMode(FlushMode.ASYNC).indexSlots(4096).indexEntries(65536)
                        .consumeQueueFileEntries(100_000));
        Broker broker = Broker.start(tune.apply(b).build());
        brokers.add(broker);
        return broker;
    }

    /** Waits until every broker has dispatched all it has written: sends are acknowledged before their queues show them. */
    void awaitDispatched() {
        for (Broker b : brokers) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> b.store().dispatchedPosition() >= b.store().writtenPosition());
        }
    }

    String nameServers() {
        return namesrv.address();
    }

    @Override
    public void close() {
        for (Broker b : brokers) {
            b.close();
        }
        namesrv.close();
    }

    static Duration seconds(int s) {
        return Duration.ofSeconds(s);
    }
}
