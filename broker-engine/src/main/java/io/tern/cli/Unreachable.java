package io.tern.cli;

import java.util.regex.Pattern;

/**
 * Turns the transport's wording of a failed connection ({@code finishConnect(..) failed with error(-111): Connection
 * refused}, Netty's native epoll text) into what an operator reads: nothing listens there.
 */
final class Unreachable {
    private static final Pattern NATIVE = Pattern.compile(
            "(io\\.netty\\S*: )?(finishConnect|connect)\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: Connection refused(: \\S+)?");
    private static final Pattern PLAIN = Pattern.compile("(java\\.net\\.ConnectException: )?Connection refused(: \\S+)?");

    private Unreachable() {
    }

    static String explain(String message) {
        String m = NATIVE.matcher(message).replaceAll("connection refused (nothing listens there; is it running?)");
        if (m.equals(message)) {
            m = PLAIN.matcher(message).replaceAll("connection refused (nothing listens there; is it running?)");
        }
        return m;
    }
}
