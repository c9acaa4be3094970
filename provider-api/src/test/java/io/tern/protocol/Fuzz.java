package io.tern.protocol;

import java.util.Arrays;
import java.util.Random;

/** Inputs for the fuzz tests: random bytes, and valid bytes with a few of them changed and sometimes cut short. */
public final class Fuzz {
    private Fuzz() {
    }

    public static byte[] randomBytes(Random random, int maxLength) {
        byte[] b = new byte[random.nextInt(maxLength + 1)];
        random.nextBytes(b);
        return b;
    }

    public static byte[] mutate(byte[] template, Random random) {
        byte[] b = template.clone();
        for (int j = 0, n = 1 + random.nextInt(4); j < n; j++) {
            b[random.nextInt(b.length)] = (byte) random.nextInt(256);
        }
        int cut = random.nextInt(4) == 0 ? random.nextInt(b.length) : b.length;
        return Arrays.copyOf(b, cut);
    }
}
