package io.tern.store;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link CommitLogCrashIT}: opens the store in a directory with {@link CrashWorkload#config}, appends
 * {@link CrashWorkload#message}s from several threads until it is killed, and prints one line per acknowledged append:
 *
 * <pre>
 *   ack &lt;seq&gt; &lt;commitLogOffset&gt; &lt;queueOffset&gt; &lt;topic&gt; &lt;queueId&gt;
 * </pre>
 *
 * A line is printed only after the append's future completed OK, which in SYNC mode means the record is on disk:
 * every line the parent reads is a promise the store must keep. Each line goes out in one flushed write of under
 * 100 bytes, so a kill cannot tear it (pipe writes up to PIPE_BUF, 4,096 bytes, are atomic).
 *
 * <p>It never stops by itself while things go well. It exits with a non-zero status and the reason on stderr when an
 * append is not OK (2), an appender thread fails (3), its stdin reaches end of file because the parent is gone (4),
 * or it used up its {@link CrashWorkload#SEQ_BLOCK sequence block} (5).
 *
 * <p>Thread rules: the main thread opens the store and starts the appenders; sequence numbers come from one
 * {@link AtomicLong}; each appender owns its window of pending appends; stdout is written under {@link #OUT}'s lock.
 */
public final class CrashAppender {
    /** Appends each thread keeps pending: several per thread so that unacknowledged records are in flight at the kill. */
    private static final int WINDOW = 4;
    private static final PrintStream OUT = System.out;

    private CrashAppender() {
    }

    /** Arguments: store directory, first sequence number, appender threads. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: CrashAppender <store dir> <first seq> <threads>, got " + List.of(args));
            System.exit(1);
        }
        Path dir = Path.of(args[0]);
        long firstSeq = Long.parseLong(args[1]);
        int threads = Integer.parseInt(args[2]);
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            System.err.println("appender thread " + t.getName() + " failed:");
            e.printStackTrace();
            Runtime.getRuntime().halt(3);
        });
        watchStdin();

        MessageStore store = MessageStore.open(CrashWorkload.config(dir));
        AtomicLong nextSeq = new AtomicLong(firstSeq);
        long endSeq = firstSeq + CrashWorkload.SEQ_BLOCK;
        List<Thread> appenders = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> appendUntilKilled(store, nextSeq, endSeq), "crash-appender-" + i);
            appenders.add(t);
            t.start();
        }
        for (Thread t : appenders) {
            t.join();
        }
        System.err.println("used up sequence numbers [" + firstSeq + ", " + endSeq + ") without being killed");
        System.exit(5);
    }

    private record Pending(long seq, MessageRecord message, CompletableFuture<AppendResult> result) {
    }

    private static void appendUntilKilled(MessageStore store, AtomicLong nextSeq, long endSeq) {
        ArrayDeque<Pending> window = new ArrayDeque<>(WINDOW);
        while (true) {
            while (window.size() < WINDOW) {
                long seq = nextSeq.getAndIncrement();
                if (seq >= endSeq) {
                    window.forEach(CrashAppender::acknowledge);
                    return;
                }
                MessageRecord m = CrashWorkload.message(seq);
                window.add(new Pending(seq, m, store.append(m)));
            }
            acknowledge(window.poll());
        }
    }

    /** Waits for one append and prints its line; called by the appender that made it. */
    private static void acknowledge(Pending p) {
        AppendResult r = p.result().join();
        if (!r.isOk()) {
            System.err.println("append of seq " + p.seq() + " was not acknowledged: " + r.status() + ": " + r.error());
            System.exit(2);
        }
        String line = "ack " + p.seq() + " " + r.commitLogOffset() + " " + r.queueOffset() + " "
                + p.message().topic() + " " + p.message().queueId() + "\n";
        synchronized (OUT) {
            OUT.print(line);
            OUT.flush();
        }
    }

    /** Ends this JVM once stdin is closed: the parent holds it open while alive, so a dead parent leaves no orphan. */
    private static void watchStdin() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent writes nothing; end of file is the only event
                }
            } catch (IOException e) {
                // a broken stdin means the parent is gone as surely as end of file does
            }
            System.err.println("stdin closed: the parent is gone; halting");
            Runtime.getRuntime().halt(4);
        }, "crash-stdin-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
