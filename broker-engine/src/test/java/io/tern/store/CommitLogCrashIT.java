package io.tern.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety of the store under SIGKILL. Each round starts a child JVM ({@link CrashAppender}) on the same store
 * directory; it recovers what the previous kill left and appends with {@link FlushMode#SYNC} from 2 to 4 threads,
 * printing each acknowledged append. After a random 50 to 2,000 acknowledgements the test kills it with SIGKILL,
 * recovers the store and checks, over every acknowledgement of every round so far:
 * <ul>
 *   <li>each acknowledged record reads back whole, with the same offsets, through {@code readAt}, {@code read}
 *       and {@code lookupById};</li>
 *   <li>each queue holds contiguous offsets from 0, each pointing at a whole record of that queue with that queue
 *       offset, in log order, no message twice. Records appended but not acknowledged at the kill may be there,
 *       but only whole;</li>
 *   <li>walking the commit log finds each record in its consume queue, and as many records as the queues hold.</li>
 * </ul>
 * The checks run on a copy of the killed store: opening and closing the store itself would write a clean checkpoint,
 * and the next child would then start clean instead of recovering from a crash. On the copy the test recovers from
 * exactly the state the next child recovers from. After the last round the store itself is checked.
 *
 * <p>Rerun a failing case with {@code -Dtern.crash.seed=<seed>}: the seed is printed at the start and named in every
 * failure message. {@code -Dtern.crash.rounds=<n>} soaks longer. (The kill lands wherever the child happens to be,
 * so a seed replays the rounds' sizes and thread counts, not the exact kill points.)
 *
 * <p>Thread rules: the test thread drives the rounds; one reader thread per child reads its stdout; nothing sleeps,
 * the test waits on the reader's futures and on {@link Process#waitFor}.
 */
class CommitLogCrashIT {
    private static final String SEED_PROPERTY = "tern.crash.seed";
    private static final String ROUNDS_PROPERTY = "tern.crash.rounds";
    private static final int DEFAULT_ROUNDS = 15;
    /** Generous: 2,000 SYNC appends take about a second here, but the machine is shared and may be slow. */
    private static final long CHILD_TIMEOUT_SECONDS = 60;
    private static final int STDERR_TAIL_CHARS = 4000;

    @TempDir
    Path tmp;

    private Process child;

    /** A child still running when an assertion failed (or the test hung) must not outlive the test. */
    @AfterEach
    void destroyChild() throws InterruptedException {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
            child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** One acknowledgement line of the child, and the round it came from. */
    record Ack(long seq, long commitLogOffset, long queueOffset, String topic, int queueId, int round) {
    }

    @Test
    void acknowledgedAppendsSurviveSigkillAndNothingTornBecomesVisible() throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        int rounds = Integer.getInteger(ROUNDS_PROPERTY, DEFAULT_ROUNDS);
        System.out.printf("CommitLogCrashIT: seed %d, %d rounds (rerun with -D%s=%d)%n", seed, rounds, SEED_PROPERTY, seed);
        Random random = new Random(seed);
        Path storeDir = tmp.resolve("store");
        NavigableMap<Long, Ack> acked = new TreeMap<>();
        for (int round = 1; round <= rounds; round++) {
            String context = "round " + round + " of " + rounds + " (seed " + seed + ")";
            int killAfter = random.nextInt(50, 2001);
            int threads = random.nextInt(2, 5);
            long started = System.nanoTime();
            List<Ack> acks = runAndKill(storeDir, round, threads, killAfter, context);
            long childMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            for (Ack a : acks) {
                assertThat(acked.put(a.seq(), a)).as("%s: seq %d acknowledged twice", context, a.seq()).isNull();
            }
            Path copy = copyTree(storeDir, tmp.resolve("verify-" + round));
            String found = verify(copy, acked, context);
            deleteTree(copy);
            System.out.printf("round %d: %d threads, killed after %d acknowledgements (%d in all, %d ms); %s%n",
                    round, threads, killAfter, acks.size(), childMillis, found);
        }
        verify(storeDir, acked, "the store itself after " + rounds + " rounds (seed " + seed + ")");
    }

    // ---- the child ----

    private List<Ack> runAndKill(Path storeDir, int round, int threads, int killAfter, String context) throws Exception {
        Path stderr = tmp.resolve("child-" + round + ".stderr");
        long firstSeq = round * CrashWorkload.SEQ_BLOCK;
        child = childProcess(storeDir, firstSeq, threads, stderr).start();
        AckReader reader = new AckReader(child.getInputStream(), round, killAfter);
        String waitingFor = context + ": waiting for the child's " + killAfter + " acknowledgements";
        if (!await(reader.targetOrEnd, reader, waitingFor, stderr)) {
            boolean ended = child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            throw new AssertionError(waitingFor + ": the child closed its stdout after " + reader.count.get()
                    + " acknowledgements, exit status " + (ended ? child.exitValue() : "none yet") + "; its stderr:\n"
                    + stderrTail(stderr));
        }

        // SIGKILL: no shutdown hook, no close(), no final flush. Through the handle, because Process.destroyForcibly()
        // also closes our end of the child's stdout, losing the lines it flushed between the target and the kill
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .as("%s: the child did not die within %d s of SIGKILL", context, CHILD_TIMEOUT_SECONDS).isTrue();
        assertThat(child.exitValue()).as("%s: exit status (137 = killed by SIGKILL); its stderr:%n%s",
                context, stderrTail(stderr)).isEqualTo(137);
        child.getOutputStream().close();
        // lines the child flushed between the target and the kill are acknowledgements too
        List<Ack> acks = await(reader.all, reader, context + ": reading the killed child's last lines", stderr);
        checkChildLog(stderr, context);
        return acks;
    }

    /** Shows what the child logged (warnings and up); an ERROR means an agent or append failed and fails the round. */
    private static void checkChildLog(Path stderr, String context) throws IOException {
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        if (!lines.isEmpty()) {
            System.out.printf("%s: the child logged:%n  %s%n", context, String.join("\n  ", lines));
        }
        assertThat(lines).as("%s: the child's log, which should hold no ERROR", context).noneMatch(l -> l.contains(" ERROR "));
    }

    private static ProcessBuilder childProcess(Path storeDir, long firstSeq, int threads, Path stderr) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // a small heap, the serial collector and C1 only: the child lives well under a second, on 2 shared cores
        return new ProcessBuilder(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("java.class.path"),
                CrashAppender.class.getName(), storeDir.toString(), Long.toString(firstSeq), Integer.toString(threads))
                .redirectError(stderr.toFile());
    }

    private <T> T await(CompletableFuture<T> future, AckReader reader, String what, Path stderr) throws InterruptedException {
        try {
            return future.get(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + ": still waiting after " + CHILD_TIMEOUT_SECONDS + " s with "
                    + reader.count.get() + " read; child alive: " + child.isAlive() + "; its stderr:\n" + stderrTail(stderr));
        } catch (ExecutionException e) {
            throw new AssertionError(what + ": reading the child's stdout failed; its stderr:\n" + stderrTail(stderr), e.getCause());
        }
    }

    private static String stderrTail(Path stderr) {
        try {
            String s = Files.readString(stderr, StandardCharsets.UTF_8);
            return s.length() <= STDERR_TAIL_CHARS ? s : "..." + s.substring(s.length() - STDERR_TAIL_CHARS);
        } catch (IOException e) {
            return "(cannot read " + stderr + ": " + e + ")";
        }
    }

    /** Reads a child's stdout on its own thread until end of file, which comes when the child is dead. */
    private static final class AckReader {
        /** True once {@code target} acknowledgements were read; false if stdout ended before that. */
        final CompletableFuture<Boolean> targetOrEnd = new CompletableFuture<>();
        /** Every acknowledgement, once stdout has ended. */
        final CompletableFuture<List<Ack>> all = new CompletableFuture<>();
        final AtomicInteger count = new AtomicInteger();
        private final int round;
        private final int target;

        AckReader(InputStream in, int round, int target) {
            this.round = round;
            this.target = target;
            Thread t = new Thread(() -> readAll(in), "crash-child-stdout-" + round);
            t.setDaemon(true);
            t.start();
        }

        private void readAll(InputStream in) {
            List<Ack> acks = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    acks.add(parse(line));
                    if (count.incrementAndGet() == target) {
                        targetOrEnd.complete(true);
                    }
                }
                targetOrEnd.complete(false);
                all.complete(acks);
            } catch (IOException | RuntimeException e) {
                targetOrEnd.completeExceptionally(e);
                all.completeExceptionally(e);
            }
        }

        private Ack parse(String line) {
            String[] f = line.split(" ");
            if (f.length != 6 || !f[0].equals("ack")) {
                throw new IllegalStateException("unexpected line from the child, after " + count.get()
                        + " acknowledgements: '" + line + "' (expected: ack seq commitLogOffset queueOffset topic queueId)");
            }
            return new Ack(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], Integer.parseInt(f[5]), round);
        }
    }

    // ---- the checks ----

    /** Opens (recovering) the store in {@code dir}, checks it against every acknowledgement, and says what it found. */
    private static String verify(Path dir, Map<Long, Ack> acked, String context) {
        try (MessageStore store = open(dir, context)) {
            RecoveryReport report = store.recoveryReport();
            String where = context + ", recovered " + report;
            assertThat(report.cleanStart()).as("%s: a killed store cannot have stopped cleanly", where).isFalse();
            assertThat(store.writtenPosition()).as("%s: written position after recovery", where).isEqualTo(report.logEnd());
            for (Ack a : acked.values()) {
                verifyAcknowledged(store, a, where);
            }
            Set<Long> seen = new HashSet<>();
            long queued = 0;
            for (String topic : CrashWorkload.TOPICS) {
                for (int queueId = 0; queueId < CrashWorkload.QUEUES_PER_TOPIC; queueId++) {
                    queued += verifyQueue(store, topic, queueId, seen, where);
                }
            }
            long logged = verifyLog(store, where);
            assertThat(logged).as("%s: records in the commit log vs entries in the consume queues", where).isEqualTo(queued);
            return String.format("recovered %d records (%d acknowledged, %d not), log end %d, %d bytes cut, %s",
                    queued, acked.size(), queued - acked.size(), report.logEnd(), report.bytesCut(),
                    report.checkpointUsed() ? "scanned from checkpoint " + report.scannedFrom() : "no checkpoint used");
        }
    }

    private static MessageStore open(Path dir, String context) {
        try {
            return MessageStore.open(CrashWorkload.config(dir));
        } catch (StoreException e) {
            throw new AssertionError(context + ": the killed store does not open: " + e.getMessage(), e);
        }
    }

    private static void verifyAcknowledged(MessageStore store, Ack a, String where) {
        String what = String.format("%s: seq %d, acknowledged in round %d at commit log offset %d as %s/%d queue offset %d",
                where, a.seq(), a.round(), a.commitLogOffset(), a.topic(), a.queueId(), a.queueOffset());
        MessageRecord expected = CrashWorkload.message(a.seq());
        assertThat(a.topic() + "/" + a.queueId()).as("%s: the queue the child reported", what)
                .isEqualTo(expected.topic() + "/" + expected.queueId());
        StoredMessage atOffset = store.readAt(a.commitLogOffset())
                .orElseThrow(() -> new AssertionError(what + ": readAt finds no valid record at that offset (log holds ["
                        + store.minCommitLogOffset() + ", " + store.writtenPosition() + "))"));
        checkStored(atOffset, expected, a.commitLogOffset(), a.queueOffset(), what + ", read by readAt");
        StoredMessage inQueue = store.read(a.topic(), a.queueId(), a.queueOffset())
                .orElseThrow(() -> new AssertionError(what + ": read finds nothing at that queue offset (queue holds ["
                        + store.minOffset(a.topic(), a.queueId()) + ", " + store.maxOffset(a.topic(), a.queueId()) + "))"));
        checkStored(inQueue, expected, a.commitLogOffset(), a.queueOffset(), what + ", read by read");
        StoredMessage byId = store.lookupById(expected.id())
                .orElseThrow(() -> new AssertionError(what + ": lookupById(" + expected.id() + ") finds nothing"));
        checkStored(byId, expected, a.commitLogOffset(), a.queueOffset(), what + ", found by lookupById");
    }

    private static void checkStored(StoredMessage s, MessageRecord expected, long commitLogOffset, long queueOffset, String what) {
        assertThat(s.commitLogOffset()).as("%s: commit log offset", what).isEqualTo(commitLogOffset);
        assertThat(s.queueOffset()).as("%s: queue offset", what).isEqualTo(queueOffset);
        assertThat(CrashWorkload.differences(expected, s.message())).as("%s: stored content differs from what was appended", what)
                .isEmpty();
    }

    /** Checks offsets [min, max) of one queue; returns how many it holds. */
    private static long verifyQueue(MessageStore store, String topic, int queueId, Set<Long> seen, String where) {
        long min = store.minOffset(topic, queueId);
        long max = store.maxOffset(topic, queueId);
        String queue = String.format("%s: queue %s/%d holding [%d, %d)", where, topic, queueId, min, max);
        assertThat(min).as("%s: first offset (retention deletes nothing within the test)", queue).isZero();
        long previous = -1;
        for (long q = min; q < max; q++) {
            long offset = q;
            StoredMessage s = store.read(topic, queueId, q)
                    .orElseThrow(() -> new AssertionError(queue + ": offset " + offset + " reads nothing: a gap"));
            long seq = CrashWorkload.seqOf(s.message());
            String what = String.format("%s: offset %d (commit log offset %d, seq %d)", queue, q, s.commitLogOffset(), seq);
            assertThat(s.message().topic() + "/" + s.message().queueId()).as("%s: the record's queue", what)
                    .isEqualTo(topic + "/" + queueId);
            checkStored(s, CrashWorkload.message(seq), s.commitLogOffset(), q, what);
            assertThat(s.commitLogOffset()).as("%s: must lie after the previous offset's record", what).isGreaterThan(previous);
            assertThat(seen.add(seq)).as("%s: this message is stored twice", what).isTrue();
            previous = s.commitLogOffset();
        }
        return max - min;
    }

    /**
     * Walks the commit log record by record and checks each is in its consume queue; returns how many it found.
     * Where no record starts, only an end-of-segment marker may stand, and the writer writes one only when the next
     * record does not fit, i.e. fewer than maxMessageSize + 8 bytes before the segment's end.
     */
    private static long verifyLog(MessageStore store, String where) {
        long pos = store.minCommitLogOffset();
        long end = store.writtenPosition();
        long records = 0;
        while (pos < end) {
            StoredMessage s = store.readAt(pos).orElse(null);
            if (s == null) {
                long segmentEnd = (pos / CrashWorkload.SEGMENT_SIZE + 1) * CrashWorkload.SEGMENT_SIZE;
                assertThat(segmentEnd - pos).as("%s: no record at commit log offset %d (log holds [%d, %d)), %d bytes before"
                        + " its segment's end; an end marker stands only where a record did not fit", where, pos,
                        store.minCommitLogOffset(), end, segmentEnd - pos).isLessThan(CrashWorkload.MAX_MESSAGE_SIZE + 8L);
                pos = segmentEnd;
                continue;
            }
            MessageRecord m = s.message();
            long at = pos;
            StoredMessage inQueue = store.read(m.topic(), m.queueId(), s.queueOffset())
                    .orElseThrow(() -> new AssertionError(where + ": the record at commit log offset " + at + " (seq "
                            + CrashWorkload.seqOf(m) + ") is not in its queue " + m.topic() + "/" + m.queueId()
                            + " at offset " + s.queueOffset()));
            assertThat(inQueue.commitLogOffset()).as("%s: queue %s/%d offset %d points at", where, m.topic(), m.queueId(),
                    s.queueOffset()).isEqualTo(pos);
            pos += s.size();
            records++;
        }
        assertThat(pos).as("%s: the log walk's end", where).isEqualTo(end);
        return records;
    }

    // ---- files ----

    private static Path copyTree(Path from, Path to) throws IOException {
        List<Path> paths;
        try (Stream<Path> s = Files.walk(from)) {
            paths = s.toList();
        }
        for (Path p : paths) {
            Path target = to.resolve(from.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(target);
            } else {
                Files.copy(p, target);
            }
        }
        return to;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot delete " + p, e);
                }
            });
        }
    }
}
