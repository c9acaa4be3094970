package io.tern.selector;

import io.tern.selector.internal.Expr;
import io.tern.selector.internal.Parser;
import io.tern.selector.internal.TagConstraint;

import java.util.Optional;
import java.util.Set;

/**
 * A compiled Jakarta Messaging message selector (3.1, section 3.8): compile once, then evaluate against any number of
 * messages, from any number of threads (immutable).
 *
 * <p>Semantics Tern chose where the spec leaves room, or where its words need reading:
 * <ul>
 *   <li>A null, empty or blank selector means no selector: it matches every message.</li>
 *   <li>A message matches only when the selector is TRUE; FALSE and UNKNOWN (SQL's third value) do not match.</li>
 *   <li>An identifier that names no property is NULL. Identifiers are case-sensitive; keywords are not.</li>
 *   <li>Comparing values of unlike types ({@code '1' = 1}) is FALSE, for {@code <>} too; strings never become numbers.
 *       Strings and booleans compare only with {@code =} and {@code <>}; an ordering comparison of them is FALSE.</li>
 *   <li>Numbers follow Java binary numeric promotion, in arithmetic and comparison alike, so an int column compared
 *       with 2.5 compares as doubles and a long compared with a float compares as floats.</li>
 *   <li>Arithmetic with NULL or a non-number is NULL; so is division by zero, exact or approximate (Java would throw
 *       or give Infinity/NaN; a selector cannot throw per message).</li>
 *   <li>IN and LIKE on a NULL are UNKNOWN; on a value that is not a string they are FALSE, with NOT too.</li>
 *   <li>Header fields: only {@link #HEADER_FIELDS}; any other JMS* name except JMSX* and JMS_* is refused at
 *       compile time.</li>
 *   <li>Bounds (a client's selector reaches the broker): at most 32,768 characters, 100 parentheses, NOTs and signs
 *       open at once, and an expression 1,000 operators deep (a chain of ORs: use IN); beyond them
 *       {@link SelectorException} names the limit ({@code Parser.MAX_LENGTH}, {@code MAX_NESTING}, {@code MAX_DEPTH}).</li>
 * </ul>
 */
public final class Selector {
    /** The header fields a selector may name; see {@link SelectorContext#of(io.tern.message.MessageId, long, String, io.tern.message.Properties)}. */
    public static final Set<String> HEADER_FIELDS = Parser.HEADER_FIELDS;

    private static final Selector MATCH_ALL = new Selector("", null, null);

    private final String text;
    private final Expr root;
    private final Set<String> tags;

    private Selector(String text, Expr root, Set<String> tags) {
        this.text = text;
        this.root = root;
        this.tags = tags;
    }

    /** Compiles a selector; null or blank gives a selector that matches everything. */
    public static Selector compile(String text) throws SelectorException {
        if (text == null || text.isBlank()) {
            return MATCH_ALL;
        }
        Expr root = Parser.parse(text);
        return new Selector(text, root, TagConstraint.of(root));
    }

    /** True when the selector is TRUE for the message (not FALSE, not UNKNOWN). */
    public boolean matches(SelectorContext ctx) {
        return Boolean.TRUE.equals(evaluate(ctx));
    }

    /** The three-valued result: TRUE, FALSE, or null for UNKNOWN. */
    public Boolean evaluate(SelectorContext ctx) {
        if (root == null) {
            return Boolean.TRUE;
        }
        Object v = root.evaluate(ctx);
        return v instanceof Boolean b ? b : null;
    }

    /** True for the selector that matches everything (null or blank text). */
    public boolean matchesAll() {
        return root == null;
    }

    /**
     * The tags when the selector constrains only JMSType by equality ({@code JMSType = 'x'}, {@code JMSType IN ('a', 'b')},
     * or ORs of these): the selector is then TRUE exactly for messages tagged with one of them.
     */
    public Optional<Set<String>> tagsOnly() {
        return Optional.ofNullable(tags);
    }

    /** The selector text as given. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return root == null ? "Selector[match all]" : "Selector[" + text + "]";
    }
}
