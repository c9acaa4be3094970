package io.tern.cli;

import io.tern.acl.Login;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where {@code tern broker} takes its NameServer password from: a file, the environment, or a flag. */
class NameServerLoginOptionsTest {
    static final UnaryOperator<String> NO_ENV = name -> null;

    @TempDir
    Path dir;

    @Test
    void thePasswordComesFromAFileTheEnvironmentOrTheFlag() throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "from-file\n");
        assertThat(parse("--namesrv-user", "b", "--namesrv-password-file", file.toString()).login(NO_ENV))
                .isEqualTo(new Login("b", "from-file"));
        assertThat(parse("--namesrv-user", "b").login(Map.of(NameServerLoginOptions.PASSWORD_ENV, "from-env")::get))
                .isEqualTo(new Login("b", "from-env"));
        assertThat(parse("--namesrv-user", "b", "--namesrv-password", "from-flag").login(Map.of(NameServerLoginOptions.PASSWORD_ENV, "env")::get))
                .isEqualTo(new Login("b", "from-flag"));
        assertThat(parse().login(Map.of(NameServerLoginOptions.PASSWORD_ENV, "ignored without a user")::get)).isNull(); // anonymous
    }

    @Test
    void flagsThatMakeNoLoginAreRefusedNamingTheFlag() throws Exception {
        assertThatThrownBy(() -> parse("--namesrv-user", "b").login(NO_ENV))
                .hasMessage("--namesrv-user b needs a password: --namesrv-password-file FILE, TERN_NAMESRV_PASSWORD or --namesrv-password");
        assertThatThrownBy(() -> parse("--namesrv-password", "x").login(NO_ENV)).hasMessage("--namesrv-password needs --namesrv-user");
        Path file = Files.writeString(dir.resolve("pw"), "x");
        assertThatThrownBy(() -> parse("--namesrv-user", "b", "--namesrv-password", "x", "--namesrv-password-file", file.toString()).login(NO_ENV))
                .hasMessage("give --namesrv-password or --namesrv-password-file, not both");
        Path empty = Files.writeString(dir.resolve("empty"), "");
        assertThatThrownBy(() -> parse("--namesrv-user", "b", "--namesrv-password-file", empty.toString()).login(NO_ENV))
                .hasMessage("--namesrv-password-file " + empty + " has no password on its first line");
        assertThatThrownBy(() -> parse("--namesrv-user", "b", "--namesrv-password-file", dir.resolve("missing").toString()).login(NO_ENV))
                .hasMessageStartingWith("cannot read --namesrv-password-file " + dir.resolve("missing"));
    }

    private static NameServerLoginOptions parse(String... args) {
        NameServerLoginOptions options = new NameServerLoginOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
