package io.tern.bench;

import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.selector.Selector;
import io.tern.selector.SelectorContext;
import io.tern.selector.SelectorException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Selector evaluation throughput on one thread, i.e. per core: one operation is one message tested against a
 * compiled selector, the way the broker's {@code SubscriptionFilter} tests each message a filtered pull scans:
 * a {@link SelectorContext} over the message's id, born time, tag and properties, then {@link Selector#matches}.
 * Compiling is outside the measurement (the broker caches compiled selectors per group, topic and text).
 *
 * <p>The messages are {@value #MESSAGES} pre-built ones, taken in turn; each has five typed properties
 * ({@code region} String, {@code amount} Integer, {@code priority} Integer, {@code orderId} String,
 * {@code customer} String) and a tag. Exactly {@code matchPercent}% of them match, shuffled with a fixed seed so that
 * the branch predictor cannot learn the pattern. A non-matching message fails one clause, in turn the first, the second
 * or the third, so AND's short-circuit stops at every depth; matching messages are tagged TagA and the others TagC,
 * so the tag selectors match the same messages.
 * <ul>
 *   <li>{@code threeClause}: {@value #THREE_CLAUSE}</li>
 *   <li>{@code tagOnlySelector}: {@value #TAG_ONLY} evaluated as a selector expression (JMSType is the tag)</li>
 *   <li>{@code tagOnlySet}: the same selector as the broker really runs it: its tag set
 *       ({@link Selector#tagsOnly()}) tested with {@code contains}, no context, no expression</li>
 * </ul>
 *
 * <p>Run (about 1 minute: 3 methods x 2 match percentages x ~9 s):
 * <pre>
 *   cd /work/wt-bench4 &amp;&amp; mvn -B -q -pl benchmarks -am package -DskipTests
 *   java -jar benchmarks/target/benchmarks.jar SelectorBenchmark -f 1 -wi 1 -i 2 -w 2s -r 3s
 * </pre>
 *
 * <p>Target: more than 5,000,000 evaluations/s per core for the 3-clause selector, so that evaluation is never what
 * limits a filtered consumer: {@link StoreReadBenchmark}'s target for reading is 500,000 records/s per thread, so at
 * 5 M/s the selector would add at most a tenth to the cost of each record a filtered pull scans.
 *
 * <p>Measured on the shared 2-vCPU VM (load average 4-5 from other work, so the two runs differ by half):
 * threeClause 22-34 M/s, tagOnlySelector 60-88 M/s, tagOnlySet 150-270 M/s. A filtered pull over the network scanned
 * about 650,000 messages/s ({@code tern bench consume --selector}), so the selector is not what limits it.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 2, time = 3)
@Threads(1)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SelectorBenchmark {
    static final String THREE_CLAUSE = "region = 'eu' AND amount > 100 AND priority BETWEEN 3 AND 7";
    static final String TAG_ONLY = "JMSType IN ('TagA', 'TagB')";
    /** A power of two, so the next message is an AND, not a division; 1,024 contexts fit the L2 cache with room. */
    private static final int MESSAGES = 1024;

    @Param({"10", "50"})
    public int matchPercent;

    private Selector threeClause;
    private Selector tagOnly;
    private Set<String> tagSet;
    private Msg[] messages;
    private int next;

    /** The parts of a stored message a selector context is built over. */
    private record Msg(MessageId id, long bornTimestamp, String tag, Properties properties) {
    }

    @Setup(Level.Trial)
    public void setUp() throws SelectorException {
        threeClause = Selector.compile(THREE_CLAUSE);
        tagOnly = Selector.compile(TAG_ONLY);
        tagSet = tagOnly.tagsOnly().orElseThrow();
        List<Boolean> matching = new ArrayList<>(MESSAGES);
        int matches = MESSAGES * matchPercent / 100;
        for (int i = 0; i < MESSAGES; i++) {
            matching.add(i < matches);
        }
        Collections.shuffle(matching, new Random(42));
        MessageId.Generator ids = new MessageId.Generator();
        messages = new Msg[MESSAGES];
        int failing = 0;
        for (int i = 0; i < MESSAGES; i++) {
            boolean match = matching.get(i);
            int fail = match ? -1 : failing++ % 3;
            Properties p = Properties.builder()
                    .put("region", fail == 0 ? "us" : "eu")
                    .put("amount", fail == 1 ? 50 : 250)
                    .put("priority", fail == 2 ? 9 : 5)
                    .put("orderId", "order-" + i)
                    .put("customer", "customer-" + (i % 97))
                    .build();
            messages[i] = new Msg(ids.next(System.currentTimeMillis()), System.currentTimeMillis(), match ? "TagA" : "TagC", p);
        }
        verify(matches);
    }

    /** A benchmark does not assert, but a wrong message set would measure the wrong thing: refuse to run it. */
    private void verify(int expected) {
        int three = 0;
        int tag = 0;
        for (Msg m : messages) {
            three += threeClause.matches(context(m)) ? 1 : 0;
            tag += tagOnly.matches(context(m)) ? 1 : 0;
        }
        if (three != expected || tag != expected) {
            throw new IllegalStateException("expected " + expected + " matches, got " + three + " (3-clause), " + tag + " (tag)");
        }
    }

    private static SelectorContext context(Msg m) {
        return SelectorContext.of(m.id(), m.bornTimestamp(), m.tag(), m.properties());
    }

    private Msg nextMessage() {
        Msg m = messages[next];
        next = (next + 1) & (MESSAGES - 1);
        return m;
    }

    @Benchmark
    public boolean threeClause() {
        return threeClause.matches(context(nextMessage()));
    }

    @Benchmark
    public boolean tagOnlySelector() {
        return tagOnly.matches(context(nextMessage()));
    }

    @Benchmark
    public boolean tagOnlySet() {
        String tag = nextMessage().tag();
        return tag != null && tagSet.contains(tag);
    }
}
