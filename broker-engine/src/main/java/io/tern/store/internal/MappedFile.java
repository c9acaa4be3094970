package io.tern.store.internal;

import io.tern.store.StoreException;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fixed-size store file, memory-mapped whole, with a reference count so that it is unmapped only when no reader
 * still holds its mapping (touching an unmapped buffer would crash the JVM, not throw).
 *
 * <p>Two ways to write, chosen per file kind:
 * <ul>
 *   <li>{@link Mode#CHANNEL_WRITES} (commit log): the file is sparse, the mapping read-only, and bytes go through
 *       {@link #write}: a full disk then surfaces as an {@code IOException} from {@code write()}, never as a SIGBUS
 *       from a store into a mapped hole.</li>
 *   <li>{@link Mode#MAPPED_WRITES} (consume queues, indexes): small random writes into a read-write mapping. The file is
 *       filled with zeros when created, so that its disk blocks exist before anything is stored through the mapping.</li>
 * </ul>
 *
 * <p>Thread rules: any thread may {@link #acquire()}/{@link #release()} and read below what its owner has published;
 * writes and {@link #force()} come from the one agent that owns the file; {@link #destroy()} once, from its owner.
 */
public final class MappedFile {
    public enum Mode { CHANNEL_WRITES, MAPPED_WRITES }

    private static final int ZERO_CHUNK = 1 << 20;

    private final Path path;
    private final long baseOffset;
    private final int size;
    private final Mode mode;
    private final FileChannel channel;
    private final MappedByteBuffer map;
    /** 1 for the owner, +1 per reader; reaching 0 unmaps. */
    private final AtomicInteger refs = new AtomicInteger(1);
    private final AtomicBoolean destroyed = new AtomicBoolean();
    private volatile boolean deleteOnUnmap;

    private MappedFile(Path path, long baseOffset, int size, Mode mode, FileChannel channel) throws IOException {
        this.path = path;
        this.baseOffset = baseOffset;
        this.size = size;
        this.mode = mode;
        this.channel = channel;
        this.map = channel.map(mode == Mode.CHANNEL_WRITES ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE, 0, size);
    }

    /** Creates a new file of {@code size} bytes; fails if it exists. */
    public static MappedFile create(Path path, long baseOffset, int size, Mode mode) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            if (mode == Mode.MAPPED_WRITES) {
                fillWithZeros(ch, size);
            } else {
                ch.write(ByteBuffer.allocate(1), size - 1); // sparse: only the last block is allocated
            }
            return new MappedFile(path, baseOffset, size, mode, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /** Opens an existing file; one whose length is not {@code size} (cut, or made with another setting) is an error. */
    public static MappedFile open(Path path, long baseOffset, int size, Mode mode) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long length = ch.size();
            if (length != size) {
                throw new StoreException("file " + path + " is " + length + " bytes, expected " + size
                        + " (cut by a crash, or created with another size setting)");
            }
            return new MappedFile(path, baseOffset, size, mode, ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static void fillWithZeros(FileChannel ch, int size) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(Math.min(ZERO_CHUNK, size));
        long pos = 0;
        while (pos < size) {
            zeros.clear().limit((int) Math.min(zeros.capacity(), size - pos));
            while (zeros.hasRemaining()) {
                pos += ch.write(zeros, pos);
            }
        }
    }

    public Path path() { return path; }
    public long baseOffset() { return baseOffset; }
    public int size() { return size; }
    public long endOffset() { return baseOffset + size; }

    /** The whole mapping. Use absolute gets and puts only; never move its position. */
    public ByteBuffer buffer() {
        return map;
    }

    /** Writes all of {@code bytes} at {@code pos} through the channel (CHANNEL_WRITES files). */
    public void write(ByteBuffer bytes, int pos) throws IOException {
        if (pos + bytes.remaining() > size) {
            throw new IllegalArgumentException("write of " + bytes.remaining() + " bytes at " + pos + " overruns " + path + " of " + size);
        }
        long at = pos;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }

    /** Forces written bytes to disk. */
    public void force() throws IOException {
        if (mode == Mode.CHANNEL_WRITES) {
            channel.force(false);
        } else {
            map.force();
        }
    }

    /** Cuts the file to {@code pos} and extends it back to full size: the bytes past {@code pos} read as zeros. Before mapping readers only. */
    public void zeroFrom(int pos) throws IOException {
        if (mode == Mode.CHANNEL_WRITES) {
            channel.truncate(pos);
            channel.write(ByteBuffer.allocate(1), size - 1);
        } else {
            byte[] zeros = new byte[Math.min(ZERO_CHUNK, size)];
            for (int at = pos; at < size; at += zeros.length) {
                map.put(at, zeros, 0, Math.min(zeros.length, size - at));
            }
        }
    }

    /** Takes a reader's reference; false if the file has been destroyed. */
    public boolean acquire() {
        while (true) {
            int r = refs.get();
            if (r <= 0) {
                return false;
            }
            if (refs.compareAndSet(r, r + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (refs.decrementAndGet() == 0) {
            unmapAndClose();
        }
    }

    /** Closes the file, keeping it on disk; unmapped once the last reader releases it. */
    public void close() {
        if (destroyed.compareAndSet(false, true)) {
            release();
        }
    }

    /** Closes and deletes the file; unmapped and deleted once the last reader releases it. */
    public void destroy() {
        deleteOnUnmap = true;
        close();
    }

    private void unmapAndClose() {
        try {
            channel.close();
        } catch (IOException e) {
            // closing a channel we only read and forced: nothing is lost, the unmap below still frees the mapping
        }
        Unmapper.unmap(map);
        if (deleteOnUnmap) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new StoreException("cannot delete " + path + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }

    /** Frees a mapping now rather than when the GC finds it, so that disk space of deleted files returns promptly. */
    private static final class Unmapper {
        private static final Object UNSAFE;
        private static final Method INVOKE_CLEANER;

        static {
            Object unsafe = null;
            Method m = null;
            try {
                Class<?> c = Class.forName("sun.misc.Unsafe");
                Field f = c.getDeclaredField("theUnsafe");
                f.setAccessible(true);
                unsafe = f.get(null);
                m = c.getMethod("invokeCleaner", ByteBuffer.class);
            } catch (ReflectiveOperationException | RuntimeException e) {
                // without it, mappings are freed by the GC instead
            }
            UNSAFE = unsafe;
            INVOKE_CLEANER = m;
        }

        static void unmap(MappedByteBuffer buffer) {
            if (INVOKE_CLEANER != null) {
                try {
                    INVOKE_CLEANER.invoke(UNSAFE, buffer);
                } catch (ReflectiveOperationException e) {
                    // the GC frees it later
                }
            }
        }
    }
}
