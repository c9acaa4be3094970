package io.tern.broker.internal.journal;

import io.tern.store.StoreException;
import io.tern.store.internal.AtomicFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A small text file of space-separated fields, one record per line, replaced whole and atomically (written to a
 * temporary file, forced, then renamed over the old one and the directory forced), so a crash leaves the old or the
 * new content, never a torn mix, and a write that returned survives a power loss.
 * <pre>
 *   #v2 group topic queueId offset          the first line: the version and the fields
 *   orders%20eu big 2 17                     a record: each field percent-encoded
 * </pre>
 * Fields are percent-encoded ({@code %XX} per UTF-8 byte) wherever they hold {@code %}, {@code #}, whitespace or a
 * control character, so any name a client may give round-trips and no name can split a line or a field; other
 * characters, Unicode included, are written as they are. A file without the {@code #v2} line was written before
 * encoding (its fields hold no spaces, {@code %} is literal) and is read as it is; the next write encodes it.
 * For the broker's rarely changing tables (topics, offsets). Thread rules: callers serialize writes.
 */
public final class LineFile {
    static final String VERSION_LINE = "#v2";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Path file;
    private final String format;

    /** @param format the line's fields, for error messages, e.g. "name readQueues writeQueues perm" */
    public LineFile(Path file, String format) {
        this.file = file;
        this.format = format;
    }

    /** Hands each record's fields, decoded, to {@code record}; a line it cannot take fails naming the file, line and format. */
    public void read(Consumer<String[]> record) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean encoded = !lines.isEmpty() && (lines.get(0).equals(VERSION_LINE) || lines.get(0).startsWith(VERSION_LINE + " "));
        for (int i = encoded ? 1 : 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                String[] fields = line.trim().split(" ");
                if (encoded) {
                    for (int f = 0; f < fields.length; f++) {
                        fields[f] = decode(fields[f]);
                    }
                }
                record.accept(fields);
            } catch (RuntimeException e) {
                throw new StoreException(file + " line " + (i + 1) + " is not '" + format + "': " + line);
            }
        }
    }

    /** Replaces the file with these records, each field encoded. A field must not be empty (it would vanish). */
    public void write(Iterable<String[]> records) throws IOException {
        StringBuilder content = new StringBuilder(VERSION_LINE).append(' ').append(format).append('\n');
        for (String[] fields : records) {
            for (int f = 0; f < fields.length; f++) {
                if (fields[f] == null || fields[f].isEmpty()) {
                    throw new IllegalArgumentException(file + ": field " + (f + 1) + " of '" + format + "' is empty");
                }
                encode(fields[f], content.append(f == 0 ? "" : " "));
            }
            content.append('\n');
        }
        replace(content);
    }

    static StringBuilder encode(String field, StringBuilder out) {
        for (int i = 0; i < field.length(); ) {
            int cp = field.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (cp == '%' || cp == '#' || Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
                for (byte b : field.substring(i, next).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
                }
            } else {
                out.appendCodePoint(cp);
            }
            i = next;
        }
        return out;
    }

    static String decode(String field) {
        if (field.indexOf('%') < 0) {
            return field;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(field.length());
        byte[] raw = field.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                bytes.write(raw[i]);
                continue;
            }
            int hi = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
            int lo = hi < 0 ? -1 : Character.digit(raw[i + 2], 16);
            if (lo < 0) {
                throw new IllegalArgumentException("'%' without two hex digits in " + field);
            }
            bytes.write(hi << 4 | lo);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("field " + field + " does not decode to UTF-8", e);
        }
    }

    private void replace(CharSequence content) throws IOException {
        AtomicFile.replace(file, StandardCharsets.UTF_8.encode(CharBuffer.wrap(content)));
    }
}
