package io.tern.tck.harness;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import io.tern.store.FlushMode;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A NameServer and one broker on 127.0.0.1 ephemeral ports, in a temp directory deleted on close: what the
 * conformance tests run against. Small store files and an ASYNC flush keep it fast; nothing else is tuned away from
 * the defaults a user gets from {@code tern standalone}.
 */
public final class EmbeddedTern implements AutoCloseable {
    private final Path dir;
    private final NameServer namesrv;
    private final UnaryOperator<BrokerConfig.Builder> tune;
    private volatile Broker broker;

    public EmbeddedTern(UnaryOperator<NameServerConfig.Builder> ns, UnaryOperator<BrokerConfig.Builder> tune) {
        try {
            this.dir = Files.createTempDirectory("tern-tck-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.namesrv = NameServer.start(ns.apply(NameServerConfig.builder().port(0)).build());
        this.tune = tune;
        this.broker = startBroker(0);
    }

    private Broker startBroker(int port) {
        BrokerConfig.Builder b = BrokerConfig.builder(dir.resolve("broker")).brokerName("tck").port(port)
                .nameServers(List.of(namesrv.address()))
                .retryBackoff(List.of(Duration.ofMillis(200)))
                .store(s -> s.segmentSize(16 << 20).flushMode(FlushMode.ASYNC).indexSlots(4096).indexEntries(65536)
                        .consumeQueueFileEntries(100_000));
        return Broker.start(tune.apply(b).build());
    }

    /**
     * Stops the broker cleanly and starts it again on the same port and data directory (the NameServer stays): what a
     * client sees of a broker restart.
     */
    public void restartBroker() {
        int port = Integer.parseInt(broker.address().substring(broker.address().lastIndexOf(':') + 1));
        broker.close();
        broker = startBroker(port);
    }

    /**
     * Stops the broker cleanly and starts it again on the same data directory but a new ephemeral port: clients find
     * it only through the NameServer (the registration of its brokerName from a new address replaces the old one).
     */
    public void restartBrokerOnNewPort() {
        broker.close();
        broker = startBroker(0);
    }

    public EmbeddedTern() {
        this(ns -> ns, b -> b);
    }

    /** The NameServer's "host:port". */
    public String nameServer() {
        return namesrv.address();
    }

    /** The factory URL, with {@code options} ("k=v&k=v") if not blank. */
    public String url(String options) {
        return "tern://" + nameServer() + (options == null || options.isBlank() ? "" : "?" + options);
    }

    public Broker broker() {
        return broker;
    }

    /** Waits until the broker has dispatched everything it wrote (its indexes and queues show every send). */
    public void awaitDispatched() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> broker.store().dispatchedPosition() >= broker.store().writtenPosition());
    }

    @Override
    public void close() {
        broker.close();
        namesrv.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
