package io.tern.store.internal;

import java.nio.charset.StandardCharsets;

/**
 * The 8-byte tag code kept in consume-queue entries: a 64-bit FNV-1a of the tag's UTF-8 bytes, or 0 for no tag.
 * 64 bits make collisions rare, but filters still compare the exact tag after a hash match.
 */
public final class TagHash {
    private static final long OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;

    private TagHash() {
    }

    public static long of(String tag) {
        if (tag == null || tag.isEmpty()) {
            return 0;
        }
        long h = OFFSET_BASIS;
        for (byte b : tag.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= PRIME;
        }
        return h == 0 ? 1 : h;
    }
}
