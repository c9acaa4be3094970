package io.tern.store.internal;

import io.tern.store.StoreException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The directory name of a topic's consume queues, {@code consumequeue/<dir>/<queueId>/}: a topic name may hold
 * {@code .}, {@code /} and {@code :} ({@code ..}, {@code a/b}), which must not name another directory.
 * <pre>
 *   A-Z a-z 0-9 _ % | -          as they are (the alphabet topic names had before, so older directories keep their names)
 *   any other character          ~XX for each of its UTF-8 bytes           orders.eu  ->  orders~2Eeu
 *   encoded longer than 200      ~~ and the SHA-256 of the name (64 hex digits), and the name itself, UTF-8,
 *                                in the file {@code <dir>/topic}            (a file name holds at most 255 bytes)
 * </pre>
 * {@code ~~} starts only a hashed name: an escape is {@code ~} and two hex digits. Stateless.
 */
final class TopicDirName {
    static final int MAX_PLAIN = 200;
    static final String HASHED = "~~";
    static final String NAME_FILE = "topic";

    private TopicDirName() {
    }

    /** The directory for {@code topic} under {@code root}, made (with its name file, if hashed) if it is missing. */
    static Path create(Path root, String topic) throws IOException {
        Path dir = root.resolve(of(topic));
        Files.createDirectories(dir);
        if (dir.getFileName().toString().startsWith(HASHED) && !Files.exists(dir.resolve(NAME_FILE))) {
            AtomicFile.replace(dir.resolve(NAME_FILE), topic.getBytes(StandardCharsets.UTF_8));
        }
        return dir;
    }

    static String of(String topic) {
        StringBuilder out = new StringBuilder(topic.length());
        for (byte b : topic.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if (plain(c)) {
                out.append(c);
            } else {
                out.append('~').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.length() <= MAX_PLAIN ? out.toString() : HASHED + sha256(topic);
    }

    /** The topic whose directory {@code dir} is; null (with the reason in the log of the caller) if it names none. */
    static String topicOf(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        if (name.startsWith(HASHED)) {
            Path file = dir.resolve(NAME_FILE);
            if (!Files.exists(file)) {
                return null;
            }
            String topic = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            if (!of(topic).equals(name)) {
                throw new StoreException(file + " names topic '" + topic + "', whose directory is " + of(topic) + ", not " + name);
            }
            return topic;
        }
        return decode(name);
    }

    private static String decode(String name) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '~') {
                if (!plain(c)) {
                    return null;
                }
                bytes.write(c);
                continue;
            }
            if (i + 2 >= name.length() || !HexFormat.isHexDigit(name.charAt(i + 1)) || !HexFormat.isHexDigit(name.charAt(i + 2))) {
                return null;
            }
            bytes.write(HexFormat.fromHexDigits(name, i + 1, i + 3));
            i += 2;
        }
        String topic = bytes.toString(StandardCharsets.UTF_8);
        return of(topic).equals(name) ? topic : null; // one directory per topic: no second spelling
    }

    private static boolean plain(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '%' || c == '|' || c == '-';
    }

    private static String sha256(String topic) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(topic.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
