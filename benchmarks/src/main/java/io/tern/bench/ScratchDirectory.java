package io.tern.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A fresh directory under {@code java.io.tmpdir} for one benchmark trial, deleted with everything in it afterwards.
 * The directory decides which disk is measured: pass {@code -jvmArgs -Djava.io.tmpdir=/some/disk} to move it.
 */
final class ScratchDirectory implements AutoCloseable {
    private final Path path;

    private ScratchDirectory(Path path) {
        this.path = path;
    }

    static ScratchDirectory create(String prefix) {
        try {
            return new ScratchDirectory(Files.createTempDirectory(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory under " + System.getProperty("java.io.tmpdir"), e);
        }
    }

    Path path() {
        return path;
    }

    /** Deletes the directory tree, deepest entries first. */
    @Override
    public void close() {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete scratch directory " + path + "; remove it by hand", e);
        }
    }
}
