package io.tern.broker;

import io.tern.namesrv.NameServer;
import io.tern.namesrv.NameServerConfig;
import io.tern.store.FlushMode;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A NameServer and a broker on 127.0.0.1 ephemeral ports in a child JVM, for crash tests: prints
 * {@code READY <nameServer> <broker>} once serving, then runs until killed. Argument: the broker's data directory.
 */
public final class LeaseBrokerMain {
    private LeaseBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        NameServer ns = NameServer.start(NameServerConfig.builder().port(0).build());
        Broker broker = Broker.start(BrokerConfig.builder(Path.of(args[0])).brokerName("broker-a").port(0)
                .nameServers(List.of(ns.address()))
                .store(s -> s.segmentSize(16 << 20).flushMode(FlushMode.ASYNC).indexSlots(4096).indexEntries(65536)
                        .consumeQueueFileEntries(100_000))
                .build());
        System.out.println("READY " + ns.address() + " " + broker.address());
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
