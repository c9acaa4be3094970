package io.tern.broker.internal;

import io.tern.store.StoreException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * A small text file of space-separated fields, one record per line, replaced whole and atomically (written to a
 * temporary file, forced, then renamed over the old one and the directory forced), so a crash leaves the old or the
 * new content, never a torn mix, and a write that returned survives a power loss.
 * For the broker's rarely changing tables (topics, offsets). Thread rules: callers serialize writes.
 */
final class LineFile {
    private final Path file;
    private final String format;

    /** @param format the line's fields, for error messages, e.g. "name readQueues writeQueues perm" */
    LineFile(Path file, String format) {
        this.file = file;
        this.format = format;
    }

    /** Hands each non-blank line's fields to {@code record}; a line it cannot take fails naming the file, line and format. */
    void read(Consumer<String[]> record) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                record.accept(line.trim().split(" "));
            } catch (RuntimeException e) {
                throw new StoreException(file + " line " + (i + 1) + " is not '" + format + "': " + line);
            }
        }
    }

    void write(CharSequence content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(content));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
