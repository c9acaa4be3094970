package io.tern.acl;

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
                "allow broker-a admin cluster:prod",
                "allow ops admin cluster:*",
                "anonymous allow"));
        AclFile acl = AclFile.load(f);
        assertThat(acl.anonymous()).isTrue();
        assertThat(acl.allows("alice", AclFile.Action.PRODUCE, "topic:orders")).isTrue();
        assertThat(acl.allows("alice", AclFile.Action.PRODUCE, "topic:mail")).isFalse();
        assertThat(acl.allows("alice", AclFile.Action.CONSUME, "topic:mail")).isTrue();
        assertThat(acl.allows("alice", AclFile.Action.CONSUME, "group:billing")).isFalse();
        assertThat(acl.allows("root", AclFile.Action.ADMIN, "topic:anything")).isTrue();
        assertThat(acl.allows("root", AclFile.Action.ADMIN, "cluster:prod")).isTrue();
        assertThat(acl.allows("broker-a", AclFile.Action.ADMIN, "cluster:prod")).isTrue();
        assertThat(acl.allows("broker-a", AclFile.Action.ADMIN, "cluster:test")).isFalse();
        assertThat(acl.allows("broker-a", AclFile.Action.ADMIN, "*")).isFalse(); // a broker's login administers no broker
        assertThat(acl.allows("ops", AclFile.Action.ADMIN, "cluster:test")).isTrue();
        assertThat(acl.allows("ops", AclFile.Action.ADMIN, "topic:orders")).isFalse();
    }

    @Test
    void badLinesNameTheFileTheLineAndTheForm() throws Exception {
        assertBad("frobnicate alice", "line 1: unknown statement 'frobnicate'");
        assertBad("allow alice write topic:x", "action 'write' is not produce, consume or admin");
        assertBad("allow alice produce orders", "resource 'orders' is not topic:NAME");
        assertBad("user alice", "expected 'user NAME HASH'");
        assertBad("\nanonymous maybe", "line 2: anonymous takes allow or deny");
        assertBad("allow alice admin broker:a", "resource 'broker:a' is not topic:NAME, group:NAME, cluster:NAME");
        assertBad("# users\nuser a plain-text", "line 2: password hash is not pbkdf2-sha256$ITERATIONS$SALT$HASH: make one with `tern hash-password`");
        assertBad("user a pbkdf2-sha256$many$AAAA$AAAA", "line 1: password hash pbkdf2-sha256$ITERATIONS$SALT$HASH does not decode");
        assertBad("user a pbkdf2-sha256$1000$AAAA$AAAA", "line 1: password hash pbkdf2-sha256$ITERATIONS$SALT$HASH does not decode");
        assertThatThrownBy(() -> AclFile.load(dir.resolve("missing"))).isInstanceOf(AclFileException.class)
                .hasMessageContaining("cannot read ACL file " + dir.resolve("missing"));
    }

    @Test
    void aLoginChecksThePasswordAndTheAnonymousSwitchNamingTheServer() throws Exception {
        Path f = Files.writeString(dir.resolve("acl"), "user alice " + PasswordHash.hash("a"));
        AclAuthenticator logins = new AclAuthenticator(AclFile.load(f), "NameServer");
        assertThat(logins.login("alice", "a")).isEqualTo("alice");
        assertThatThrownBy(() -> logins.login("alice", "b")).hasMessage("user 'alice' or its password is not accepted by this NameServer");
        assertThatThrownBy(() -> logins.login("bob", "a")).hasMessage("user 'bob' or its password is not accepted by this NameServer");
        assertThatThrownBy(() -> logins.login("alice", null)).hasMessageContaining("not accepted");
        assertThatThrownBy(() -> logins.login(null, null)).hasMessage("anonymous access is off on this NameServer: give a user and password");
        Path open = Files.writeString(dir.resolve("open"), "anonymous allow");
        assertThat(new AclAuthenticator(AclFile.load(open), "broker").login(null, null)).isEqualTo(AclAuthenticator.ANONYMOUS);
    }

    @Test
    void aRandomLoginIsStrongAndNeverPrinted() {
        Login a = Login.random("embedded");
        assertThat(a.password()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(Login.random("embedded").password());
        assertThat(a.toString()).contains("embedded").doesNotContain(a.password());
        assertThatThrownBy(() -> new Login("u", "")).hasMessageContaining("empty password");
    }

    private void assertBad(String content, String message) throws Exception {
        Path f = Files.writeString(dir.resolve("bad"), content);
        assertThatThrownBy(() -> AclFile.load(f)).isInstanceOf(AclFileException.class).hasMessageContaining(message);
    }
}
