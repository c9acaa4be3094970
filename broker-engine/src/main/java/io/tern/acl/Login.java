package io.tern.acl;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * A user and password a server presents when it calls another server (a broker registering with NameServers).
 * {@link #toString()} never shows the password, so a config that holds one can be logged.
 */
public record Login(String user, String password) {
    /** 256 bits: as strong as the PBKDF2-SHA256 hashes of the ACL file, and never guessed within a process's life. */
    private static final int RANDOM_PASSWORD_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    public Login {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.isBlank() || password.isEmpty()) {
            throw new IllegalArgumentException("a login needs a user and a password; got user '" + user + "'"
                    + (password.isEmpty() ? " and an empty password" : ""));
        }
    }

    /** {@code user} with a fresh random password, for a login that lives only in this process's memory. */
    public static Login random(String user) {
        byte[] secret = new byte[RANDOM_PASSWORD_BYTES];
        RANDOM.nextBytes(secret);
        return new Login(user, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    @Override
    public String toString() {
        return "Login[user=" + user + ", password=(hidden)]";
    }
}
