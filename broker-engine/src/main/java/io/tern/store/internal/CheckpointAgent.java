package io.tern.store.internal;

import io.tern.store.StoreConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Makes a checkpoint durable: forces the commit log up to the snapshot's log end, forces every consume-queue and
 * index file written since the last checkpoint, then writes the {@link Checkpoint}. The {@link Dispatcher} takes the
 * snapshot (its position and every queue's length, consistent because it owns both) and hands it over here, so
 * that the fsyncs (milliseconds on a loaded disk) never hold up dispatching and the long polls waiting on it.
 *
 * <p>Thread rules: {@link #offer} from the dispatcher; everything else on the checkpoint agent's thread.
 * Only the newest snapshot waiting is kept: checkpoints only ever move forward.
 */
public final class CheckpointAgent implements Agent {
    private final CommitLog log;
    private final DirtyFiles dirty;
    private final Path file;
    private final AtomicReference<Checkpoint> pending = new AtomicReference<>();
    private volatile Runnable wake = () -> { };

    public CheckpointAgent(StoreConfig config, CommitLog log, DirtyFiles dirty) {
        this.log = log;
        this.dirty = dirty;
        this.file = config.checkpointFile();
    }

    public void wiring(Runnable wake) {
        this.wake = wake;
    }

    @Override
    public String roleName() {
        return "checkpoint";
    }

    /** Hands over a snapshot to make durable. Dispatcher only. */
    void offer(Checkpoint snapshot) {
        pending.set(snapshot);
        wake.run();
    }

    @Override
    public int doWork() throws IOException {
        Checkpoint snapshot = pending.getAndSet(null);
        if (snapshot == null) {
            return 0;
        }
        write(snapshot, log, dirty, file);
        return 1;
    }

    /** Forces what {@code snapshot} covers and writes it. Also used for the clean checkpoint at close and after recovery. */
    static void write(Checkpoint snapshot, CommitLog log, DirtyFiles dirty, Path file) throws IOException {
        if (log.flushedPosition() < snapshot.logEnd()) {
            log.flush();
        }
        dirty.forceAll();
        snapshot.write(file);
    }
}
