package io.tern.selector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Selectors that do not compile: the exact 0-based position and the reason. */
class SelectorSyntaxTest {
    @ParameterizedTest(name = "{0} -> at {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            s = 'abc                 | 4  | unterminated string literal (a quote inside a string is written '')
            s = 'it''s               | 4  | unterminated string literal (a quote inside a string is written '')
            i =                      | 3  | expected an operand after '=', found the end of the selector
            i = 5 AND                | 9  | expected an operand after AND, found the end of the selector
            AND i = 5                | 0  | expected an operand, found AND
            i = = 5                  | 4  | expected an operand after '=', found '='
            i + * 2 = 1              | 4  | expected an operand after '+', found '*'
            i # 5                    | 2  | unexpected character '#'
            i != 5                   | 2  | unexpected character '!' (not equal is <>)
            i = 5 j                  | 6  | expected AND, OR or the end of the selector, found identifier j
            i = 5)                   | 5  | found a ')' that closes no '('
            (i = 5                   | 6  | expected ')' to close the '(' at position 0, found the end of the selector
            ()                       | 1  | expected an operand after '(', found ')'
            i LIKES 'a'              | 2  | expected AND, OR or the end of the selector, found identifier LIKES
            i NOT 5                  | 6  | expected BETWEEN, IN or LIKE after NOT, found number 5
            i = NULL                 | 4  | NULL may appear only in IS NULL and IS NOT NULL
            i IS 5                   | 5  | expected NULL or NOT NULL after IS, found number 5
            i IS NOT TRUE            | 9  | expected NULL after IS NOT, found TRUE
            i + 1 IS NULL            | 0  | IS NULL applies only to an identifier (a property or header name)
            'a' IN ('a')             | 0  | IN applies only to an identifier (a property or header name)
            s IN 'a'                 | 5  | expected '(' after IN, found string 'a'
            s IN ()                  | 6  | expected a string literal in the IN list, found ')'
            s IN ('a', 1)            | 11 | expected a string literal in the IN list, found number 1
            s IN ('a' 'b')           | 10 | expected ',' or ')' in the IN list, found string 'b'
            s LIKE x                 | 7  | expected a string literal pattern after LIKE, found identifier x
            s LIKE 'a' ESCAPE 'ab'   | 18 | the ESCAPE character must be one character, found 'ab'
            s LIKE 'a!' ESCAPE '!'   | 7  | in LIKE pattern 'a!' escape character '!' must be followed by _, % or itself
            s LIKE '!a' ESCAPE '!'   | 7  | in LIKE pattern '!a' escape character '!' must be followed by _, % or itself
            i BETWEEN 1 OR 2         | 12 | expected AND between the bounds of BETWEEN, found OR
            i BETWEEN 'a' AND 2      | 10 | the lower bound of BETWEEN needs a number, found a string
            'a' BETWEEN 1 AND 2      | 0  | BETWEEN needs a number, found a string
            i = 5 AND 7              | 10 | the right side of AND at position 6 needs a condition, found a number
            'x' OR i = 5             | 0  | the left side of OR needs a condition, found a string
            NOT 5                    | 4  | NOT needs a condition, found a number
            i + 1                    | 0  | a selector needs a condition, found a number
            'abc'                    | 0  | a selector needs a condition, found a string
            i + 'a' = 1              | 4  | the right side of '+' needs a number, found a string
            TRUE * 2 = 1             | 0  | the left side of '*' needs a number, found a condition
            -'a' = 1                 | 1  | unary '-' needs a number, found a string
            i = 12abc                | 4  | malformed number 12a...
            i = 1e                   | 4  | malformed number 1e: the exponent has no digits
            i = 09                   | 4  | malformed number 09: an integer with a leading 0 is octal (digits 0-7)
            i = 0x                   | 4  | malformed number 0x: no hex digits after 0x
            i = 9223372036854775808  | 4  | number 9223372036854775808 is outside the range of long
            i = 99999999999999999999 | 4  | number 99999999999999999999 is outside the range of long
            d = 1e999                | 4  | number 1e999 is outside the range of double
            JMSDestination = 'q'     | 0  | JMSDestination is not a header field a selector may name (those are JMSCorrelationID, JMSDeliveryMode, JMSMessageID, JMSPriority, JMSTimestamp, JMSType); other JMS names are reserved
            i = 1 AND JMSRedelivered | 10 | JMSRedelivered is not a header field a selector may name (those are JMSCorrelationID, JMSDeliveryMode, JMSMessageID, JMSPriority, JMSTimestamp, JMSType); other JMS names are reserved
            """)
    void reportsPositionAndReason(String selector, int position, String reason) {
        SelectorException e = catchThrowableOfType(SelectorException.class, () -> Selector.compile(selector));
        assertThat(e).as(selector).isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.position()).isEqualTo(position);
        assertThat(e.getMessage()).isEqualTo("at position " + position + ": " + reason);
    }

    @Test
    void doubleQuotesAreNotStrings() {
        SelectorException e = catchThrowableOfType(SelectorException.class, () -> Selector.compile("s = \"x\""));
        assertThat(e.getMessage()).isEqualTo("at position 4: unexpected character '\"' (string literals use single quotes)");
    }

    @Test
    void theSmallestNegativeLongIsALiteral() throws SelectorException {
        assertThat(Selector.compile("-9223372036854775808 < 0").evaluate(SelectorContext.of(new io.tern.message.MessageId(1, 1), 0, null, io.tern.message.Properties.EMPTY))).isTrue();
    }

    @Test
    void positionsCountCharactersOfTheWholeText() {
        SelectorException e = catchThrowableOfType(SelectorException.class, () -> Selector.compile("  \n  s = 'ok' AND AND"));
        assertThat(e.position()).isEqualTo(18);
    }
}
