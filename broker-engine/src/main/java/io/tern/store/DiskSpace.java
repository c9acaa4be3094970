package io.tern.store;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** How full the disk under the store is. Replaceable so that tests can fill a disk without filling one. */
@FunctionalInterface
public interface DiskSpace {
    /** The used fraction of the disk, 0.0 to 1.0. */
    double usedFraction() throws IOException;

    static DiskSpace of(Path dir) {
        return () -> {
            FileStore store = Files.getFileStore(dir);
            long total = store.getTotalSpace();
            return total == 0 ? 0.0 : 1.0 - (double) store.getUsableSpace() / total;
        };
    }
}
