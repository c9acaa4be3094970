package io.tern.ra.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many TCP connections a listener of this machine has accepted and still holds (ESTABLISHED, local port =
 * the listener's): read from /proc/net/tcp and tcp6, so it is what the broker's side sees, not a client counter.
 */
public final class BrokerSockets {
    private BrokerSockets() {
    }

    public static int established(String hostPort) {
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        return count(Path.of("/proc/net/tcp"), port) + count(Path.of("/proc/net/tcp6"), port);
    }

    private static int count(Path table, int port) {
        if (!Files.exists(table)) {
            return 0;
        }
        try {
            List<String> lines = Files.readAllLines(table);
            int n = 0;
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String local = f[1];
                int localPort = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                if (localPort == port && f[3].equals("01")) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
