package io.tern.acl;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Passwords at rest: {@code pbkdf2-sha256$ITERATIONS$SALT$HASH} (salt and hash base64). PBKDF2 is in every JDK, so
 * the broker needs no extra library; 60,000 iterations cost a few tens of milliseconds per login (once per
 * connection, off the I/O threads) and make guessing from a stolen file that much slower. Stateless.
 */
public final class PasswordHash {
    private static final String PREFIX = "pbkdf2-sha256";
    private static final String FORM = PREFIX + "$ITERATIONS$SALT$HASH";
    private static final int ITERATIONS = 60_000;
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Stored(int iterations, byte[] salt, byte[] hash) {
    }

    private PasswordHash() {
    }

    public static String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return PREFIX + "$" + ITERATIONS + "$" + b64(salt) + "$" + b64(derive(password, salt, ITERATIONS));
    }

    /** True if {@code password} matches {@code stored}; a malformed stored value is an {@link IllegalArgumentException}. */
    public static boolean matches(String password, String stored) {
        Stored s = parse(stored);
        return MessageDigest.isEqual(s.hash(), derive(password, s.salt(), s.iterations())); // constant time
    }

    /** Throws an {@link IllegalArgumentException} saying what is wrong unless {@code stored} has this class's form; derives nothing. */
    public static void requireWellFormed(String stored) {
        parse(stored);
    }

    private static Stored parse(String stored) {
        String[] f = stored.split("\\$");
        if (f.length != 4 || !f[0].equals(PREFIX)) {
            throw new IllegalArgumentException("password hash is not " + FORM + ": make one with `tern hash-password`");
        }
        try {
            int iterations = Integer.parseInt(f[1]);
            byte[] salt = Base64.getDecoder().decode(f[2]);
            byte[] hash = Base64.getDecoder().decode(f[3]);
            if (iterations < 1 || salt.length == 0 || hash.length != HASH_BITS / 8) {
                throw new IllegalArgumentException("needs at least 1 iteration, a salt and a " + HASH_BITS / 8 + "-byte hash");
            }
            return new Stored(iterations, salt, hash);
        } catch (IllegalArgumentException e) { // NumberFormatException and bad base64 too
            throw new IllegalArgumentException("password hash " + FORM + " does not decode (" + e.getMessage()
                    + "): make one with `tern hash-password`");
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JDK", e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
