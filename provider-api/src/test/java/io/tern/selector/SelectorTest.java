package io.tern.selector;

import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Evaluation: every operator, precedence, three-valued logic, promotion, headers. Errors are in {@link SelectorSyntaxTest}. */
class SelectorTest {
    private static final Message MESSAGE = new Message(new MessageId(1, 2), "t", 0, 1000, 0, "order", null,
            Properties.builder()
                    .put("i", 5).put("l", 10L).put("f", 2.5f).put("d", 2.5).put("by", (byte) 1).put("sh", (short) 2)
                    .put("s", "hello").put("one", "1").put("empty", "").put("quote", "it's").put("under", "a_b").put("pct", "50%")
                    .put("b", true).put("bf", false).put("nan", Double.NaN).put("maxInt", Integer.MAX_VALUE)
                    .put("big", 16_777_217L).put("fbig", 16_777_216f).put("tenth", 0.1f)
                    .put("JMSXGroupID", "g1").put("JMS_tern_x", 7).put("JMSCorrelationID", "c-1")
                    .put("Case", 1).put("multi", "line\nbreak")
                    .build(),
            new byte[0]);
    private static final SelectorContext CTX = SelectorContext.of(MESSAGE);

    private static String eval(String selector) throws SelectorException {
        Boolean b = Selector.compile(selector).evaluate(CTX);
        return b == null ? "UNKNOWN" : b ? "TRUE" : "FALSE";
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # comparison of exact numbers
            i = 5                     | TRUE
            i <> 5                    | FALSE
            i < 6                     | TRUE
            i <= 5                    | TRUE
            i > 5                     | FALSE
            i >= 5                    | TRUE
            l = 10                    | TRUE
            by = 1                    | TRUE
            sh = 2                    | TRUE
            by < sh                   | TRUE
            # literals: hex, octal, L suffix, approximate forms
            i = 0x5                   | TRUE
            i = 05                    | TRUE
            l = 012                   | TRUE
            l = 10L                   | TRUE
            d = 25E-1                 | TRUE
            d = .25e1                 | TRUE
            i = 5.                    | TRUE
            d = 2.5D                  | TRUE
            l = -9223372036854775808 + 9223372036854775807 + 11 | TRUE
            # numeric promotion: int vs double, long vs float, float vs double
            i = 5.0                   | TRUE
            i < 5.5                   | TRUE
            d > i / 2                 | TRUE
            f = d                     | TRUE
            big = fbig                | TRUE
            big = 16777216.0          | FALSE
            tenth = 0.1               | FALSE
            tenth = 0.1F              | TRUE
            # arithmetic and precedence
            i + 1 = 6                 | TRUE
            i - 1 * 2 = 3             | TRUE
            (i - 1) * 2 = 8           | TRUE
            i / 2 = 2                 | TRUE
            i / 2.0 = 2.5             | TRUE
            10 - 4 - 3 = 3            | TRUE
            20 / 2 / 5 = 2            | TRUE
            -i = -5                   | TRUE
            - -i = 5                  | TRUE
            +i = 5                    | TRUE
            -by = -1                  | TRUE
            2 * -i = -10              | TRUE
            maxInt + i < 0            | TRUE
            maxInt + 1 > 0            | TRUE
            # division by zero is NULL, so the comparison is UNKNOWN
            i / 0 = 1                 | UNKNOWN
            d / 0.0 > 0               | UNKNOWN
            i / 0 IS NULL             | ERROR
            # NaN compares false except <>
            nan = nan                 | FALSE
            nan <> 1                  | TRUE
            nan < 1                   | FALSE
            # strings: = and <> only, '' escape, case-sensitive, no coercion
            s = 'hello'               | TRUE
            s = 'Hello'               | FALSE
            s <> 'world'              | TRUE
            quote = 'it''s'           | TRUE
            empty = ''                | TRUE
            s < 'z'                   | FALSE
            one = 1                   | FALSE
            one <> 1                  | FALSE
            '1' = 1                   | FALSE
            NOT ('1' = 1)             | TRUE
            i = '5'                   | FALSE
            # booleans: = and <> only; a boolean identifier is a condition
            b                         | TRUE
            bf                        | FALSE
            b = TRUE                  | TRUE
            b = true                  | TRUE
            b <> FALSE                | TRUE
            bf = FALSE                | TRUE
            b > bf                    | FALSE
            b = 1                     | FALSE
            s                         | UNKNOWN
            i                         | UNKNOWN
            TRUE                      | TRUE
            FALSE                     | FALSE
            (i = 5) = TRUE            | TRUE
            # missing property is NULL: comparisons, arithmetic, BETWEEN, IN, LIKE are UNKNOWN
            missing = 1               | UNKNOWN
            missing <> 1              | UNKNOWN
            missing + 1 = 1           | UNKNOWN
            missing = missing         | UNKNOWN
            missing                   | UNKNOWN
            missing BETWEEN 1 AND 2   | UNKNOWN
            missing NOT BETWEEN 1 AND 2 | UNKNOWN
            missing IN ('a')          | UNKNOWN
            missing NOT IN ('a')      | UNKNOWN
            missing LIKE 'a%'         | UNKNOWN
            missing NOT LIKE 'a%'     | UNKNOWN
            NOT missing               | UNKNOWN
            # IS [NOT] NULL is never UNKNOWN
            missing IS NULL           | TRUE
            missing IS NOT NULL       | FALSE
            s IS NULL                 | FALSE
            s is not null             | TRUE
            # BETWEEN
            i BETWEEN 1 AND 5         | TRUE
            i BETWEEN 5 AND 9         | TRUE
            i BETWEEN 6 AND 9         | FALSE
            i NOT BETWEEN 6 AND 9     | TRUE
            i NOT BETWEEN 1 AND 5     | FALSE
            d BETWEEN 2 AND 3         | TRUE
            i BETWEEN 2 * 2 AND i + 1 | TRUE
            i BETWEEN missing AND 9   | UNKNOWN
            i BETWEEN missing AND 4   | FALSE
            i NOT BETWEEN missing AND 4 | TRUE
            s BETWEEN 1 AND 9         | FALSE
            # IN
            s IN ('hello', 'world')   | TRUE
            s IN ('world')            | FALSE
            s NOT IN ('world')        | TRUE
            s NOT IN ('hello')        | FALSE
            quote IN ('it''s')        | TRUE
            i IN ('5')                | FALSE
            i NOT IN ('5')            | FALSE
            # LIKE
            s LIKE 'hello'            | TRUE
            s LIKE 'h%'               | TRUE
            s LIKE '%llo'             | TRUE
            s LIKE '%ll%'             | TRUE
            s LIKE 'h_llo'            | TRUE
            s LIKE 'h_lo'             | FALSE
            s LIKE '_____'            | TRUE
            s LIKE '%'                | TRUE
            s LIKE 'H%'               | FALSE
            s NOT LIKE 'h%'           | FALSE
            s NOT LIKE 'x%'           | TRUE
            empty LIKE '%'            | TRUE
            empty LIKE '_'            | FALSE
            under LIKE 'a\\_b' ESCAPE '\\' | TRUE
            s LIKE 'h\\_llo' ESCAPE '\\'   | FALSE
            pct LIKE '50!%' ESCAPE '!'   | TRUE
            pct LIKE '5!%' ESCAPE '!'    | FALSE
            quote LIKE 'it''_'         | TRUE
            multi LIKE 'line%break'   | TRUE
            s LIKE 'h.*'              | FALSE
            i LIKE '5'                | FALSE
            i NOT LIKE '5'            | FALSE
            # AND, OR, NOT: precedence NOT > AND > OR, keywords case-insensitive
            i = 5 AND s = 'hello'     | TRUE
            i = 5 and s = 'x'         | FALSE
            i = 6 OR s = 'hello'      | TRUE
            i = 6 OR i = 7 AND i = 5  | FALSE
            (i = 6 OR i = 5) AND TRUE | TRUE
            i = 5 OR i = 6 AND FALSE  | TRUE
            NOT i = 6                 | TRUE
            NOT i = 5 OR TRUE         | TRUE
            NOT (i = 5 OR TRUE)       | FALSE
            not not b                 | TRUE
            # headers: JMSType is the tag, JMSPriority defaults to 4, JMSX* and JMS_* are properties
            JMSType = 'order'         | TRUE
            JMSType IN ('a', 'order') | TRUE
            JMSPriority = 4           | TRUE
            JMSPriority BETWEEN 0 AND 9 | TRUE
            JMSTimestamp = 1000       | TRUE
            JMSDeliveryMode = 'PERSISTENT' | TRUE
            JMSMessageID LIKE 'ID:%'  | TRUE
            JMSCorrelationID = 'c-1'  | TRUE
            JMSXGroupID = 'g1'        | TRUE
            JMS_tern_x = 7            | TRUE
            # identifiers are case-sensitive
            Case = 1                  | TRUE
            case = 1                  | UNKNOWN
            CASE = 1                  | UNKNOWN
            # white space of every SQL kind
            "i\\t=\\n5\\r\\fAND\\ts='hello'" | TRUE
            """)
    void evaluates(String selector, String expected) throws SelectorException {
        String unescaped = selector.replace("\\t", "\t").replace("\\n", "\n").replace("\\r", "\r").replace("\\f", "\f");
        if (expected.equals("ERROR")) {
            assertThat(catchSelector(unescaped)).isNotNull();
        } else {
            assertThat(eval(unescaped)).as(unescaped).isEqualTo(expected);
        }
    }

    private static SelectorException catchSelector(String s) {
        try {
            Selector.compile(s);
            return null;
        } catch (SelectorException e) {
            return e;
        }
    }

    /** SQL's truth tables, with UNKNOWN made by comparing a missing property. */
    @ParameterizedTest(name = "{0} AND {1} = {2}; {0} OR {1} = {3}")
    @CsvSource(delimiter = '|', textBlock = """
            TRUE    | TRUE    | TRUE    | TRUE
            TRUE    | FALSE   | FALSE   | TRUE
            TRUE    | UNKNOWN | UNKNOWN | TRUE
            FALSE   | TRUE    | FALSE   | TRUE
            FALSE   | FALSE   | FALSE   | FALSE
            FALSE   | UNKNOWN | FALSE   | UNKNOWN
            UNKNOWN | TRUE    | UNKNOWN | TRUE
            UNKNOWN | FALSE   | FALSE   | UNKNOWN
            UNKNOWN | UNKNOWN | UNKNOWN | UNKNOWN
            """)
    void threeValuedLogic(String a, String b, String and, String or) throws SelectorException {
        assertThat(eval(truth(a) + " AND " + truth(b))).isEqualTo(and);
        assertThat(eval(truth(a) + " OR " + truth(b))).isEqualTo(or);
    }

    @ParameterizedTest
    @CsvSource({"TRUE,FALSE", "FALSE,TRUE", "UNKNOWN,UNKNOWN"})
    void notOfEachTruthValue(String a, String not) throws SelectorException {
        assertThat(eval("NOT " + truth(a))).isEqualTo(not);
    }

    private static String truth(String name) {
        return switch (name) {
            case "TRUE" -> "(i = 5)";
            case "FALSE" -> "(i = 6)";
            default -> "(missing = 1)";
        };
    }

    @Test
    void onlyTrueMatches() throws SelectorException {
        assertThat(Selector.compile("i = 5").matches(CTX)).isTrue();
        assertThat(Selector.compile("i = 6").matches(CTX)).isFalse();
        assertThat(Selector.compile("missing = 1").matches(CTX)).isFalse();
        assertThat(Selector.compile("NOT (missing = 1)").matches(CTX)).isFalse();
    }

    @Test
    void nullOrBlankSelectorMatchesEverything() throws SelectorException {
        for (String s : new String[]{null, "", "  \t\n"}) {
            Selector sel = Selector.compile(s);
            assertThat(sel.matchesAll()).isTrue();
            assertThat(sel.matches(CTX)).isTrue();
            assertThat(sel.tagsOnly()).isEmpty();
        }
    }

    @Test
    void messageWithoutTagHasNullJMSType() throws SelectorException {
        SelectorContext untagged = SelectorContext.of(new Message(new MessageId(1, 2), "t", 0, 0, 0, null, null, null, new byte[0]));
        assertThat(Selector.compile("JMSType = 'order'").evaluate(untagged)).isNull();
        assertThat(Selector.compile("JMSType IS NULL").matches(untagged)).isTrue();
        assertThat(Selector.compile("JMSCorrelationID IS NULL").matches(untagged)).isTrue();
        assertThat(Selector.compile("JMSMessageID = 'ID:" + new MessageId(1, 2) + "'").matches(untagged)).isTrue();
    }

    @Test
    void tagsOnlyRecognisesPureTagConstraints() throws SelectorException {
        assertThat(Selector.compile("JMSType = 'a'").tagsOnly()).contains(Set.of("a"));
        assertThat(Selector.compile("'a' = JMSType").tagsOnly()).contains(Set.of("a"));
        assertThat(Selector.compile("JMSType IN ('a', 'b')").tagsOnly()).contains(Set.of("a", "b"));
        assertThat(Selector.compile("JMSType = 'a' OR JMSType = 'b' OR JMSType IN ('c')").tagsOnly()).contains(Set.of("a", "b", "c"));
        assertThat(Selector.compile("(JMSType = 'a') or (jmstype = 'b')").tagsOnly()).isEmpty(); // jmstype is a property
        assertThat(Selector.compile("((JMSType = 'a' OR JMSType = 'b'))").tagsOnly()).contains(Set.of("a", "b"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            JMSType <> 'a'
            JMSType NOT IN ('a')
            JMSType LIKE 'a'
            JMSType = 'a' AND i = 5
            JMSType = 'a' OR i = 5
            NOT JMSType = 'a'
            JMSType = 1
            JMSType = JMSType
            JMSType IS NULL
            type = 'a'
            """)
    void tagsOnlyIsEmptyForAnythingElse(String selector) throws SelectorException {
        assertThat(Selector.compile(selector).tagsOnly()).as(selector).isEmpty();
    }

    @Test
    void tagsOnlyAgreesWithEvaluation() throws SelectorException {
        Selector sel = Selector.compile("JMSType IN ('order', 'refund') OR JMSType = 'x'");
        for (String tag : new String[]{"order", "refund", "x", "other", null}) {
            SelectorContext ctx = SelectorContext.of(new MessageId(1, 1), 0, tag, Properties.EMPTY);
            assertThat(sel.matches(ctx)).as(String.valueOf(tag)).isEqualTo(tag != null && sel.tagsOnly().orElseThrow().contains(tag));
        }
    }
}
