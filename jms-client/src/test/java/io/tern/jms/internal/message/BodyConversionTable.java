package io.tern.jms.internal.message;

import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The MapMessage/StreamMessage conversion table of spec 3.11.3 as the spec draws it (row: the type written, column:
 * the type read; X: allowed), and the sample value written for each type. Shared by the Map and Stream tests.
 */
final class BodyConversionTable {
    static final List<String> TYPES = List.of("boolean", "byte", "short", "char", "int", "long", "float", "double", "String", "byte[]");

    private static final String TABLE = """
            written  | boolean byte short char int long float double String byte[]
            boolean  |    X                                             X
            byte     |          X    X         X   X                    X
            short    |               X         X   X                    X
            char     |                    X                             X
            int      |                         X   X                    X
            long     |                             X                    X
            float    |                                  X     X         X
            double   |                                        X         X
            String   |    X     X    X         X   X    X     X         X
            byte[]   |                                                         X
            """;

    private BodyConversionTable() {
    }

    static Object sample(String type) {
        return switch (type) {
            case "boolean" -> true;
            case "byte" -> (byte) 1;
            case "short" -> (short) 2;
            case "char" -> 'c';
            case "int" -> 3;
            case "long" -> 4L;
            case "float" -> 5.5f;
            case "double" -> 6.5;
            case "String" -> "7";
            case "byte[]" -> new byte[]{8, 9};
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** What reading the sample of {@code written} as {@code read} gives, as text. */
    static String expected(String written, String read) {
        if (written.equals("String")) {
            return switch (read) {
                case "boolean" -> "false";
                case "float", "double" -> "7.0";
                default -> "7";
            };
        }
        if (read.equals("String") || read.equals(written)) {
            return written.equals("byte[]") ? "[8, 9]" : String.valueOf(sample(written));
        }
        return switch (written) {
            case "float" -> "5.5";
            default -> String.valueOf(sample(written));
        };
    }

    /** (written, read, allowed) for every pair. */
    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        String[] lines = TABLE.strip().split("\n");
        String header = lines[0].substring(lines[0].indexOf('|') + 1);
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            String written = line.substring(0, line.indexOf('|')).trim();
            String row = line.substring(line.indexOf('|') + 1);
            for (String read : TYPES) {
                int col = columnOf(header, read);
                boolean allowed = col < row.length() && row.substring(col, Math.min(row.length(), col + read.length())).contains("X");
                out.add(Arguments.of(written, read, allowed));
            }
        }
        return out.stream();
    }

    private static int columnOf(String header, String type) {
        int at = (" " + header + " ").indexOf(" " + type + " ");
        if (at < 0) {
            throw new IllegalStateException("no column " + type);
        }
        return at;
    }
}
