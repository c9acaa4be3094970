package io.tern.store.internal;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mapped files written since they were last forced: consume-queue and index files. The dispatcher marks a file after
 * writing to it; the checkpoint agent forces and unmarks them. Marking after the write and unmarking before the force
 * keeps the invariant that matters: every write made before a checkpoint's snapshot is in a file that is still marked
 * or has been forced since.
 *
 * <p>Thread rules: {@link #mark} from the dispatcher (or recovery); {@link #forceAll} from one thread at a time.
 */
public final class DirtyFiles {
    private final Set<MappedFile> dirty = ConcurrentHashMap.newKeySet();

    public void mark(MappedFile f) {
        if (!dirty.contains(f)) { // the common case is a file already marked: a read, not a write, of the set
            dirty.add(f);
        }
    }

    /** Forces every marked file; a file deleted meanwhile (trimmed by retention) is skipped. */
    public void forceAll() throws IOException {
        for (MappedFile f : dirty) {
            dirty.remove(f);
            if (f.acquire()) {
                try {
                    f.force();
                } finally {
                    f.release();
                }
            }
        }
    }
}
