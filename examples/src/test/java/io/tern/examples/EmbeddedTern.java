package io.tern.examples;

import io.tern.broker.Broker;
import io.tern.broker.BrokerConfig;
import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import io.tern.store.FlushMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A NameServer and one broker on 127.0.0.1 ephemeral ports, in a temp directory deleted on close: what an example's
 * test runs the example against, in place of {@code ./tern standalone}. Small store files and an ASYNC flush keep it
 * fast; everything else is the standalone's default unless the test tunes it.
 */
public final class EmbeddedTern implements AutoCloseable {
    private final Path dir;
    private final NameServer namesrv;
    private final Broker broker;

    public EmbeddedTern(UnaryOperator<BrokerConfig.Builder> tune) {
        try {
            this.dir = Files.createTempDirectory("tern-examples-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.namesrv = NameServer.start(NameServerConfig.builder().port(0).build());
        BrokerConfig.Builder b = BrokerConfig.builder(dir.resolve("broker")).brokerName("examples").port(0)
                .nameServers(List.of(namesrv.address()))
                .store(s -> s.segmentSize(16 << 20).flushMode(FlushMode.ASYNC).indexSlots(4096).indexEntries(65536)
                        .consumeQueueFileEntries(100_000));
        this.broker = Broker.start(tune.apply(b).build());
    }

    public EmbeddedTern() {
        this(b -> b);
    }

    /** The connection URL the examples take as their argument, {@code tern://host:port}. */
    public String url() {
        return "tern://" + namesrv.address();
    }

    public Broker broker() {
        return broker;
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
