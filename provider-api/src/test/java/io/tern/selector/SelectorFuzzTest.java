package io.tern.selector;

import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.selector.internal.Parser;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * What a client may send as a selector (issue 11, item 9): random and deeply nested selectors either compile or throw
 * {@link SelectorException}, never anything else (a {@link StackOverflowError} was 2% of a million random selectors);
 * whatever compiles evaluates without throwing. Seeded: a failure names its seed and its selector.
 */
class SelectorFuzzTest {
    private static final String[] ATOMS = {"a", "b", "JMSType", "JMSPriority", "JMSXGroupID", "JMSFoo", "1", "-1", "2.5", "1e308",
            "0x7fffffffffffffff", "9223372036854775808", "'x'", "'it''s'", "''", "TRUE", "false", "NULL", "s"};
    private static final String[] OPERATORS = {" AND ", " OR ", " NOT ", "=", "<>", "<", ">=", "+", "-", "*", "/", "(", ")",
            " BETWEEN ", " IN ('a', 'b')", " LIKE 'a%_'", " LIKE '!%' ESCAPE '!'", " IS NULL", " IS NOT NULL", ",", " "};
    private static final List<SelectorContext> CONTEXTS = List.of(
            context(Properties.builder().put("a", 5).put("b", 2.5).put("s", "abc").put("JMSXGroupID", "g").build()),
            context(Properties.builder().put("a", "5").put("b", true).put("s", 0L).build()),
            context(Properties.builder().build()));

    private static SelectorContext context(Properties p) {
        return SelectorContext.of(new Message(new MessageId(1, 2), "t", 0, 1000, 0, "order", null, p, new byte[0]));
    }

    /** Compiles, then evaluates against each context; fails on anything but a SelectorException. Returns whether it compiled. */
    private static boolean check(String selector, long seed) {
        Selector s;
        try {
            s = Selector.compile(selector);
        } catch (SelectorException e) {
            assertThat(e.position()).isBetween(0, Math.max(selector.length(), Parser.MAX_LENGTH));
            return false;
        } catch (Throwable t) {
            throw new AssertionError("seed " + seed + ": compile threw " + t + " for: " + shorten(selector), t);
        }
        for (SelectorContext ctx : CONTEXTS) {
            try {
                s.evaluate(ctx);
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ": evaluate threw " + t + " for: " + shorten(selector), t);
            }
        }
        return true;
    }

    private static String shorten(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "... (" + s.length() + " characters)";
    }

    @Test
    void randomSelectorsCompileOrThrowSelectorExceptionAndWhatCompilesEvaluates() {
        long seed = 20261207L;
        Random random = new Random(seed);
        int compiled = 0;
        for (int i = 0; i < 30_000; i++) {
            StringBuilder sb = new StringBuilder();
            int parts = 1 + random.nextInt(i % 100 == 0 ? 3000 : 30); // now and then a long one
            for (int j = 0; j < parts; j++) {
                switch (random.nextInt(i % 50 == 1 ? 6 : 5)) {
                    case 0, 1 -> sb.append(ATOMS[random.nextInt(ATOMS.length)]);
                    case 2, 3 -> sb.append(OPERATORS[random.nextInt(OPERATORS.length)]);
                    case 4 -> sb.append((char) random.nextInt(128));
                    default -> sb.append(new String[]{"(", "NOT ", "-", "a = 1 OR "}[random.nextInt(4)].repeat(random.nextInt(8_000)));
                }
            }
            if (check(sb.toString(), seed)) {
                compiled++;
            }
        }
        assertThat(compiled).as("the fuzzer must reach evaluation, not only parse errors").isGreaterThan(300);
    }

    @Test
    void deepNestingOfEveryKindIsRefusedNamingTheLimitAndTheBoundItselfCompiles() throws SelectorException {
        int n = Parser.MAX_NESTING;
        List<String> withinBounds = List.of("(".repeat(n) + "a = 1" + ")".repeat(n), "NOT ".repeat(n) + "a = 1",
                "a = " + "-".repeat(n) + "1", "a = " + "- ".repeat(n) + "b",
                String.join(" OR ", java.util.Collections.nCopies(Parser.MAX_DEPTH - 1, "a = 1")));
        for (String s : withinBounds) {
            assertThat(check(s, 0)).as(shorten(s)).isTrue();
        }
        assertThat(Selector.compile(withinBounds.get(4)).matches(CONTEXTS.get(0))).isFalse();

        List<String> tooDeep = List.of("(".repeat(n + 1) + "a = 1" + ")".repeat(n + 1), "(".repeat(5_000), "NOT ".repeat(5_000) + "a",
                "a = " + "- ".repeat(5_000) + "b", "a = " + "+".repeat(5_000) + "(b)");
        for (String s : tooDeep) {
            assertThatThrownBy(() -> Selector.compile(s)).as(shorten(s)).isInstanceOf(SelectorException.class)
                    .hasMessageContaining("more than " + n + " deep");
        }
        String chain = String.join(" OR ", java.util.Collections.nCopies(Parser.MAX_DEPTH + 1, "a = 1"));
        assertThatThrownBy(() -> Selector.compile(chain)).isInstanceOf(SelectorException.class)
                .hasMessageContaining("more than " + Parser.MAX_DEPTH + " deep").hasMessageContaining("use IN");
        String sum = "a = " + String.join(" + ", java.util.Collections.nCopies(Parser.MAX_DEPTH + 1, "1"));
        assertThatThrownBy(() -> Selector.compile(sum)).isInstanceOf(SelectorException.class).hasMessageContaining("deep");
    }

    @Test
    void aSelectorLongerThanTheLimitIsRefusedNamingBothLengths() {
        List<String> terms = new ArrayList<>();
        while (String.join(" AND ", terms).length() <= Parser.MAX_LENGTH) {
            terms.add("a <> 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'");
        }
        String s = String.join(" AND ", terms);
        try {
            Selector.compile(s);
            fail("compiled a selector of " + s.length() + " characters");
        } catch (SelectorException e) {
            assertThat(e.getMessage()).contains(s.length() + " characters").contains(Integer.toString(Parser.MAX_LENGTH));
        }
    }
}
