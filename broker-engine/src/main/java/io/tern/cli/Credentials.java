package io.tern.cli;

import picocli.CommandLine.Option;

/** {@code --user} and {@code --password}, for brokers with access control. */
final class Credentials {
    @Option(names = "--user", description = "log in as this user (brokers with an ACL file)")
    String user;

    @Option(names = "--password", description = "the user's password (or set TERN_PASSWORD)")
    String password;

    String password() {
        return password != null ? password : user == null ? null : System.getenv("TERN_PASSWORD");
    }
}
