package io.tern.cli;

import io.tern.broker.config.Settings.Assignment;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Flags shared by the commands that run brokers, and how they wait for Ctrl-C. Every setting has a name in
 * {@code BrokerSettings}; these flags are shortcuts for common ones. Later wins: the command's own defaults, then the
 * file of {@code -c}, then the flags, then each {@code --set}.
 */
final class ServerOptions {
    enum Flush { sync, async }

    @Mixin
    SettingsOptions settings;

    @Option(names = "--host", description = "address to listen on (default 127.0.0.1; 0.0.0.0 exposes it); setting host")
    String host;

    @Option(names = "--data", description = "data directory (default ~/tern-data); setting dataDir")
    Path data;

    @Option(names = "--flush", description = "sync: acknowledge after fsync (group commit); async: after the page cache (default async);"
            + " setting flushMode")
    Flush flush;

    @Option(names = "--acl", description = "access-control file (users, permissions; see tern hash-password); without one every client"
            + " may do everything; setting aclFile")
    Path acl;

    @Option(names = "--max-delay", description = "longest delivery delay a send may ask for (default 30d); setting maxDelay")
    String maxDelay;

    @Option(names = "--expiry-topic", description = "route expired messages to this topic (default: only count them); setting expiryTopic")
    String expiryTopic;

    /** True when anything was given beyond the defaults, so that --print-settings also shows the values in effect. */
    boolean anyGiven() {
        return settings.anyGiven() || host != null || data != null || flush != null || acl != null || maxDelay != null || expiryTopic != null;
    }

    /** The broker's settings: {@code defaults}, the file, the shared flags, {@code flags}, then --set. */
    List<Assignment> broker(List<Assignment> defaults, List<Assignment> flags, SettingsOptions.Part part) {
        List<Assignment> all = new ArrayList<>(defaults);
        all.addAll(settings.fromFile(part));
        SettingsOptions.flag(all, "host", host);
        SettingsOptions.flag(all, "dataDir", data);
        SettingsOptions.flag(all, "flushMode", flush);
        SettingsOptions.flag(all, "aclFile", acl);
        SettingsOptions.flag(all, "maxDelay", maxDelay);
        SettingsOptions.flag(all, "expiryTopic", expiryTopic);
        all.addAll(flags);
        all.addAll(settings.fromSets(part));
        return all;
    }

    /** The NameServer's half of a standalone: the namesrv. names, and host and aclFile shared with the broker. */
    List<Assignment> standaloneNameServer(List<Assignment> flags) {
        List<Assignment> all = new ArrayList<>(settings.fromFile(SettingsOptions.Part.STANDALONE_NAMESRV));
        SettingsOptions.flag(all, "host", host);
        SettingsOptions.flag(all, "aclFile", acl);
        all.addAll(flags);
        all.addAll(settings.fromSets(SettingsOptions.Part.STANDALONE_NAMESRV));
        return all;
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
