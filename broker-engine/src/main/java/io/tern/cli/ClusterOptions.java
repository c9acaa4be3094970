package io.tern.cli;

import io.tern.client.Admin;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.List;

/**
 * What every client command needs to reach a cluster: the NameServers ({@code --namesrv}, else {@code TERN_NAMESRV},
 * else 127.0.0.1:9876, where {@code tern standalone} listens), and credentials for brokers with an ACL.
 */
final class ClusterOptions {
    static final String ENV = "TERN_NAMESRV";

    @Option(names = "--namesrv", paramLabel = "HOST:PORT[,HOST:PORT]", defaultValue = "${env:TERN_NAMESRV:-127.0.0.1:9876}",
            description = "NameServer address(es) (default: $" + ENV + ", else 127.0.0.1:9876; now ${DEFAULT-VALUE})")
    String namesrv;

    @Mixin
    Credentials credentials;

    /** The addresses, each checked to be host:port, so a typo fails here and not as a connection error. */
    List<String> nameServers() {
        List<String> out = Arrays.stream(namesrv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (out.isEmpty()) {
            throw new BadUsage("--namesrv '" + namesrv + "' names no NameServer: give host:port, such as 127.0.0.1:9876");
        }
        for (String a : out) {
            int colon = a.lastIndexOf(':');
            String port = colon < 0 ? "" : a.substring(colon + 1);
            if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                throw new BadUsage("--namesrv '" + a + "' is not host:port (a NameServer's address, such as 127.0.0.1:9876;"
                        + " the default NameServer port is 9876)");
            }
        }
        return out;
    }


    /** The checked addresses, comma-separated, for the client builders. */
    String addresses() {
        return String.join(",", nameServers());
    }

    String user() {
        return credentials.user;
    }

    String password() {
        return credentials.password();
    }

    Admin admin() {
        return new Admin(nameServers(), user(), password());
    }
}
