package io.tern.store.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file whole: the content goes to {@code <name>.tmp}, which is forced, renamed over the file, and
 * then the directory is forced so that the rename itself survives an OS crash. A crash at any point leaves the old
 * content or the new, never a torn mix (a leftover {@code .tmp} is overwritten by the next write). Used by every
 * checkpoint and table file of the store and the broker.
 *
 * <p>Thread rules: stateless; callers serialize writes of one file.
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    public static void replace(Path file, byte[] content) throws IOException {
        replace(file, ByteBuffer.wrap(content));
    }

    /** Writes {@code content} from its position to its limit. */
    public static void replace(Path file, ByteBuffer content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            while (content.hasRemaining()) {
                ch.write(content);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
