package io.tern.cli;

import io.tern.acl.Login;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * How {@code tern broker} logs in to NameServers that have an ACL file: a user, with its password from a file, the
 * environment or a flag (the flag shows in {@code ps}; the other two do not).
 */
final class NameServerLoginOptions {
    static final String PASSWORD_ENV = "TERN_NAMESRV_PASSWORD";

    @Option(names = "--namesrv-user", description = "log in to the NameServers as this user; their ACL file must allow it"
            + " 'admin cluster:CLUSTER' (default: anonymous)")
    String user;

    @Option(names = "--namesrv-password-file", description = "a file whose first line is that user's password")
    Path passwordFile;

    @Option(names = "--namesrv-password", description = "that user's password (shows in ps: prefer --namesrv-password-file or "
            + PASSWORD_ENV + ")")
    String password;

    /** The login the flags give, or null for anonymous; throws naming the flag if they give none. */
    Login login() {
        return login(System::getenv);
    }

    Login login(UnaryOperator<String> env) {
        if (user == null) {
            if (password != null || passwordFile != null) {
                throw new IllegalArgumentException((password != null ? "--namesrv-password" : "--namesrv-password-file")
                        + " needs --namesrv-user");
            }
            return null;
        }
        if (password != null && passwordFile != null) {
            throw new IllegalArgumentException("give --namesrv-password or --namesrv-password-file, not both");
        }
        String secret = password != null ? password : passwordFile != null ? readPasswordFile() : env.apply(PASSWORD_ENV);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("--namesrv-user " + user + " needs a password: --namesrv-password-file FILE, "
                    + PASSWORD_ENV + " or --namesrv-password");
        }
        return new Login(user, secret);
    }

    private String readPasswordFile() {
        List<String> lines;
        try {
            lines = Files.readAllLines(passwordFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --namesrv-password-file " + passwordFile + ": " + e, e);
        }
        if (lines.isEmpty() || lines.get(0).isEmpty()) {
            throw new IllegalArgumentException("--namesrv-password-file " + passwordFile + " has no password on its first line");
        }
        return lines.get(0);
    }
}
