package io.tern.broker.acl;

import io.tern.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclFileTest {
    @TempDir
    Path dir;

    @Test
    void passwordsAreHashedSaltedAndCheckedExactly() {
        String h = PasswordHash.hash("s3cret");
        assertThat(h).startsWith("pbkdf2-sha256$60000$").doesNotContain("s3cret");
        assertThat(PasswordHash.hash("s3cret")).isNotEqualTo(h); // salted
        assertThat(PasswordHash.matches("s3cret", h)).isTrue();
        assertThat(PasswordHash.matches("s3cret ", h)).isFalse();
        assertThatThrownBy(() -> PasswordHash.matches("x", "md5$abc")).hasMessageContaining("pbkdf2-sha256$ITERATIONS$SALT$HASH");
    }

    @Test
    void rulesCoverTheirResourcesAndWildcards() throws Exception {
        Path f = Files.writeString(dir.resolve("acl"), String.join("\n",
                "# who may do what",
                "user alice " + PasswordHash.hash("a"),
                "allow alice produce topic:orders   # only orders",
                "allow alice consume topic:*",
                "allow root admin *",
                "anonymous allow"));
        AclFile acl = AclFile.load(f);
        assertThat(acl.anonymous()).isTrue();
        assertThat(acl.allows("alice", AclFile.Action.PRODUCE, "topic:orders")).isTrue();
        assertThat(acl.allows("alice", AclFile.Action.PRODUCE, "topic:mail")).isFalse();
        assertThat(acl.allows("alice", AclFile.Action.CONSUME, "topic:mail")).isTrue();
        assertThat(acl.allows("alice", AclFile.Action.CONSUME, "group:billing")).isFalse();
        assertThat(acl.allows("root", AclFile.Action.ADMIN, "topic:anything")).isTrue();
    }

    @Test
    void badLinesNameTheFileTheLineAndTheForm() throws Exception {
        assertBad("frobnicate alice", "line 1: unknown statement 'frobnicate'");
        assertBad("allow alice write topic:x", "action 'write' is not produce, consume or admin");
        assertBad("allow alice produce orders", "resource 'orders' is not topic:NAME");
        assertBad("user alice", "expected 'user NAME HASH'");
        assertBad("\nanonymous maybe", "line 2: anonymous takes allow or deny");
        assertThatThrownBy(() -> AclFile.load(Files.writeString(dir.resolve("h"), "user a plain-text")))
                .hasMessageContaining("pbkdf2-sha256");
    }

    private void assertBad(String content, String message) throws Exception {
        Path f = Files.writeString(dir.resolve("bad"), content);
        assertThatThrownBy(() -> AclFile.load(f)).isInstanceOf(StoreException.class).hasMessageContaining(message);
    }
}
