package io.tern.broker.internal.filter;

import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.store.MessageRecord;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionFilterTest {
    private final SelectorCache cache = new SelectorCache();

    private static MessageRecord record(String tag, int i) {
        return new MessageRecord(new MessageId(1, i), "t", 0, 0, new InetSocketAddress("127.0.0.1", 1), 0,
                Properties.builder().put("i", i).build(), List.of(), tag, new byte[0]);
    }

    @Test
    void tagsThenSelector() {
        SubscriptionFilter f = SubscriptionFilter.of(cache, "g", "t", "a || b", "i > 1");
        assertThat(f.matches(record("a", 2))).isTrue();
        assertThat(f.matches(record("a", 1))).isFalse();
        assertThat(f.matches(record("c", 2))).isFalse();
        assertThat(f.matches(record(null, 2))).isFalse();
    }

    @Test
    void aTagOnlySelectorBecomesATagSet() {
        SubscriptionFilter f = SubscriptionFilter.of(cache, "g", "t", null, "JMSType IN ('a', 'b')");
        assertThat(f.selectorTags()).isEqualTo(Set.of("a", "b"));
        assertThat(f.matches(record("b", 0))).isTrue();
        assertThat(f.matches(record("c", 0))).isFalse();
        assertThat(f.matches(record(null, 0))).isFalse();
    }

    @Test
    void noSelectorTakesWhatTheTagsTake() {
        SubscriptionFilter f = SubscriptionFilter.of(cache, "g", "t", "*", " ");
        assertThat(f.selector()).isNull();
        assertThat(f.matches(record(null, 0))).isTrue();
    }

    @Test
    void compilesOncePerSubscriptionAndRefusesBadSelectors() {
        SubscriptionFilter a = SubscriptionFilter.of(cache, "g", "t", null, "i = 1");
        SubscriptionFilter b = SubscriptionFilter.of(cache, "g", "t", null, "i = 1");
        assertThat(b.selector()).isSameAs(a.selector());
        assertThat(cache.size()).isEqualTo(1);
        assertThatThrownBy(() -> SubscriptionFilter.of(cache, "g", "t", null, "i = 1 OR"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("invalid selector \"i = 1 OR\": at position 8: expected an operand after OR, found the end of the selector");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void tagHashesNarrowToTheTagsBothTheSubscriptionAndATagOnlySelectorAllow() {
        java.util.function.LongPredicate all = SubscriptionFilter.of(cache, "g", "t", "*", "i > 1").tagHashes();
        assertThat(all.test(io.tern.store.MessageStore.tagHash("anything"))).isTrue();
        assertThat(all.test(0)).isTrue(); // untagged messages too

        java.util.function.LongPredicate ab = SubscriptionFilter.of(cache, "g", "t", "a || b", null).tagHashes();
        assertThat(ab.test(io.tern.store.MessageStore.tagHash("a"))).isTrue();
        assertThat(ab.test(io.tern.store.MessageStore.tagHash("c"))).isFalse();
        assertThat(ab.test(0)).isFalse();

        java.util.function.LongPredicate both = SubscriptionFilter.of(cache, "g", "t", "a || b", "JMSType IN ('b', 'c')").tagHashes();
        assertThat(both.test(io.tern.store.MessageStore.tagHash("b"))).isTrue();
        assertThat(both.test(io.tern.store.MessageStore.tagHash("a"))).isFalse();
        assertThat(both.test(io.tern.store.MessageStore.tagHash("c"))).isFalse();
    }
}
