package io.tern.cli;

import io.tern.broker.BrokerConfig;
import io.tern.store.FlushMode;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** Flags shared by the commands that run servers, and how they wait for Ctrl-C. */
final class ServerOptions {
    enum Flush { sync, async }

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE}; 0.0.0.0 exposes it)")
    String host;

    @Option(names = "--data", defaultValue = "${user.home}/tern-data", description = "data directory (default ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--flush", defaultValue = "async", description = "sync: acknowledge after fsync (group commit); async: after the page cache (default ${DEFAULT-VALUE})")
    Flush flush;

    @Option(names = "--acl", description = "access-control file (users, permissions; see tern hash-password); without one every client may do everything")
    Path acl;

    @Option(names = "--max-delay", defaultValue = "30d", description = "longest delivery delay a send may ask for (default ${DEFAULT-VALUE})")
    String maxDelay;

    @Option(names = "--expiry-topic", description = "route expired messages to this topic (default: only count them)")
    String expiryTopic;

    BrokerConfig.Builder broker(int port, String nameServers) {
        BrokerConfig.Builder b = BrokerConfig.builder(data).host(host).port(port).aclFile(acl)
                .store(s -> s.flushMode(flush == Flush.sync ? FlushMode.SYNC : FlushMode.ASYNC))
                .maxDelay(DurationFlag.parse(maxDelay, "--max-delay")).expiryTopic(expiryTopic);
        if (nameServers != null) {
            b.nameServers(Arrays.stream(nameServers.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList());
        }
        return b;
    }

    /** Blocks until the JVM is asked to stop (Ctrl-C, SIGTERM), then runs {@code stop} before it exits. */
    static void awaitShutdown(Runnable stop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, "tern-shutdown"));
        stopped.await();
    }
}
