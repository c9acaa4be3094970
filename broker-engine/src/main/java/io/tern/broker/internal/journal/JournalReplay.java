package io.tern.broker.internal.journal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Lists a {@link GroupCommitJournal}'s files in order and replays their records from a checkpoint's sequence on: the
 * recovery shared by the lease table and the transaction table. A file's tail that is not a whole record (a write
 * torn by a crash) is logged and skipped; the records of later files are still replayed.
 *
 * <p>Thread rules: stateless; called once, at open, before the journal agent runs.
 */
public final class JournalReplay {
    private static final Logger LOG = LoggerFactory.getLogger(JournalReplay.class);

    /** What a replay read: the records applied, and the highest journal sequence seen (at least the checkpoint's). */
    public record Replayed(int records, long lastSeq) {
    }

    private JournalReplay() {
    }

    /**
     * Applies every record of the journal files in {@code dir} numbered {@code fromSeq} or more, in file order.
     *
     * @param read  the next record of a buffer, or null at its end (or at a torn record)
     * @param what  what the files are called in the log ("ack journal", "transaction file")
     */
    public static <R> Replayed replay(Path dir, long fromSeq, Function<ByteBuffer, R> read, Consumer<R> apply, String what) throws IOException {
        long last = fromSeq;
        int records = 0;
        for (Path f : files(dir)) {
            long seq = GroupCommitJournal.journalSeq(f);
            if (seq >= fromSeq) {
                records += replay(ByteBuffer.wrap(Files.readAllBytes(f)), f, read, apply, what);
            }
            last = Math.max(last, seq);
        }
        return new Replayed(records, last);
    }

    /** Applies the records of one buffer (a journal file, a checkpoint's body); returns how many. */
    public static <R> int replay(ByteBuffer in, Path file, Function<ByteBuffer, R> read, Consumer<R> apply, String what) {
        int n = 0;
        R r;
        while ((r = read.apply(in)) != null) {
            apply.accept(r);
            n++;
        }
        if (in.hasRemaining()) {
            LOG.warn("{} {} ends in {} bytes that are not a whole record (a write torn by a crash); ignoring them", what, file, in.remaining());
        }
        return n;
    }

    /** The journal files of {@code dir}, by sequence. */
    static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> GroupCommitJournal.journalSeq(f) >= 0).sorted(Comparator.comparingLong(GroupCommitJournal::journalSeq)).toList();
        }
    }
}
