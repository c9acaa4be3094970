package io.tern.ra.it;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import io.tern.store.FlushMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Tern the servers talk to: a NameServer and a broker in the test JVM on 127.0.0.1 (ephemeral ports; the
 * NameServer's is written into the RAR's ra.xml at deployment). Started by the first {@link #get()} (when Arquillian
 * builds the deployments, before the servers need it) and stopped at JVM exit. {@link #restartBroker()} stops the
 * broker and starts it again on the same store and port: what a broker restart in the middle looks like to the servers
 * (the same port, because a client holding the old route would otherwise wait for its next route poll).
 *
 * <p>Small store files; three deliveries before the dead-letter queue, 200 ms back-off, so a poison message is
 * dead-lettered in about a second.
 */
public final class TernBroker {
    public static final int MAX_DELIVERIES = 3;
    private static TernBroker instance;

    private final Path dir;
    private final NameServer namesrv;
    private volatile Broker broker;
    /** The broker's port, chosen by the system at the first start and kept for restarts. */
    private final int port;

    private TernBroker() {
        try {
            this.dir = Files.createTempDirectory("tern-ra-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.namesrv = NameServer.start(NameServerConfig.builder().port(0).build());
        this.broker = startBroker(0);
        String address = broker.address();
        this.port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "tern-ra-it-broker-stop"));
    }

    public static synchronized TernBroker get() {
        if (instance == null) {
            instance = new TernBroker();
        }
        return instance;
    }

    private Broker startBroker(int onPort) {
        return Broker.start(BrokerConfig.builder(dir.resolve("broker")).brokerName("ra-it").host("127.0.0.1").port(onPort)
                .nameServers(List.of(namesrv.address()))
                .maxDeliveries(MAX_DELIVERIES)
                .retryBackoff(List.of(Duration.ofMillis(200)))
                .store(s -> s.segmentSize(16 << 20).flushMode(FlushMode.ASYNC).indexSlots(4096).indexEntries(65536)
                        .consumeQueueFileEntries(100_000))
                .build());
    }

    /** "127.0.0.1:port" of the NameServer: what the RAR's NameServers property is set to. */
    public String nameServer() {
        return namesrv.address();
    }

    public String url() {
        return "tern://" + nameServer();
    }

    /** Closes the broker (its connections drop, as when the process dies) and starts it again on the same store and port. */
    public synchronized void restartBroker() {
        broker.close();
        broker = startBroker(port);
    }

    private synchronized void close() {
        try {
            broker.close();
        } catch (RuntimeException e) {
            // stopping anyway
        }
        namesrv.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
