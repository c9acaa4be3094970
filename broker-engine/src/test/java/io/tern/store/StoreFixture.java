package io.tern.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** Shared moves of the store tests. */
public final class StoreFixture {
    private StoreFixture() {
    }

    /** A small store driven by hand: 8 KiB segments (so tests roll over), 2 KiB records, tiny queue and index files. */
    public static StoreConfig.Builder small(Path dir, TestClock clock) {
        return StoreConfig.builder(dir)
                .segmentSize(8 * 1024)
                .maxMessageSize(2 * 1024)
                .consumeQueueFileEntries(16)
                .indexSlots(64)
                .indexEntries(64)
                .clock(clock)
                .diskSpace(() -> 0.10)
                .manualAgents(true);
    }

    /** Runs every agent until none has anything left to do. */
    public static void settle(MessageStore store) throws Exception {
        for (int round = 0; round < 10_000; round++) {
            if (store.runAgentsOnce() == 0) {
                return;
            }
        }
        throw new AssertionError("agents still busy after 10,000 rounds");
    }

    /** Appends and drives the agents until the append completes; returns its result. */
    public static AppendResult appendNow(MessageStore store, MessageRecord m) throws Exception {
        CompletableFuture<AppendResult> f = store.append(m);
        settle(store);
        return f.getNow(null);
    }

    /**
     * What a SIGKILL leaves: a copy of the store's files as they are now, open store and all. With manual agents
     * nothing is in flight, and the page cache (which a killed process does not lose) is what the copy reads.
     */
    public static Path crashCopy(Path dir, Path into) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = into.resolve(dir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("lock")) {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return into;
    }

    public static Path lastSegment(Path dataDir) throws IOException {
        try (Stream<Path> s = Files.list(dataDir.resolve("commitlog"))) {
            return s.sorted().reduce((a, b) -> b).orElseThrow();
        }
    }
}
