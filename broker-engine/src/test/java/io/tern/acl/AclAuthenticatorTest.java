package io.tern.acl;

import io.tern.remoting.AccessPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every login costs one hash: known user, unknown user, missing password alike (no timing oracle for names). */
class AclAuthenticatorTest {
    @TempDir
    Path dir;

    final List<String> hashedAgainst = new ArrayList<>();

    AclAuthenticator authenticator() throws Exception {
        Path f = Files.writeString(dir.resolve("acl"), "user alice " + PasswordHash.hash("a") + "\n");
        return new AclAuthenticator(AclFile.load(f), "broker", (password, stored) -> {
            hashedAgainst.add(stored);
            return PasswordHash.matches(password, stored);
        });
    }

    @Test
    void anUnknownUserIsHashedAgainstTheDummyCredential() throws Exception {
        AclAuthenticator auth = authenticator();
        assertThatThrownBy(() -> auth.login("mallory", "guess")).isInstanceOf(AccessPolicy.Refused.class)
                .hasMessage("user 'mallory' or its password is not accepted by this broker");
        assertThat(hashedAgainst).containsExactly(AclAuthenticator.dummyHash());
        PasswordHash.requireWellFormed(AclAuthenticator.dummyHash()); // a real hash of the same form and cost
        assertThat(AclAuthenticator.dummyHash()).startsWith("pbkdf2-sha256$60000$");
    }

    @Test
    void knownAndUnknownUsersAndMissingPasswordsEachCostOneHash() throws Exception {
        AclAuthenticator auth = authenticator();
        assertThat(auth.login("alice", "a")).isEqualTo("alice");
        assertThatThrownBy(() -> auth.login("alice", "wrong")).isInstanceOf(AccessPolicy.Refused.class);
        assertThatThrownBy(() -> auth.login("alice", null)).isInstanceOf(AccessPolicy.Refused.class);
        assertThatThrownBy(() -> auth.login("nobody", null)).isInstanceOf(AccessPolicy.Refused.class);
        assertThat(hashedAgainst).hasSize(4);
        assertThat(hashedAgainst.get(3)).isEqualTo(AclAuthenticator.dummyHash());
    }
}
