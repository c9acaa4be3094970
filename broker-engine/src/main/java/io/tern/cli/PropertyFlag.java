package io.tern.cli;

import java.util.Locale;

/**
 * One {@code --property} flag: {@code NAME=VALUE}, a string that keeps its text ({@code zip=01234} stays "01234"), or
 * {@code NAME:TYPE=VALUE} with TYPE one of string, int, long, double, boolean. No type is guessed from the value's form:
 * a guess turned a postcode into the number 1234, and a selector comparing it as a string then never matched.
 */
record PropertyFlag(String name, Object value) {
    static PropertyFlag parse(String flag) {
        int eq = flag.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--property '" + flag + "' is not NAME=VALUE or NAME:TYPE=VALUE");
        }
        String left = flag.substring(0, eq);
        String text = flag.substring(eq + 1);
        int colon = left.indexOf(':');
        if (colon < 0) {
            return new PropertyFlag(left, text);
        }
        String name = left.substring(0, colon);
        String type = left.substring(colon + 1).toLowerCase(Locale.ROOT);
        try {
            return new PropertyFlag(name, switch (type) {
                case "string" -> text;
                case "int" -> Integer.parseInt(text);
                case "long" -> Long.parseLong(text);
                case "double" -> Double.parseDouble(text);
                case "boolean" -> booleanOf(text);
                default -> throw new IllegalArgumentException("--property " + name + ": type '" + type
                        + "' is not string, int, long, double or boolean");
            });
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--property " + name + ": '" + text + "' is not a valid " + type);
        }
    }

    private static boolean booleanOf(String text) {
        if (!text.equals("true") && !text.equals("false")) {
            throw new IllegalArgumentException("'" + text + "' is not true or false");
        }
        return Boolean.parseBoolean(text);
    }
}
