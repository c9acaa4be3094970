package io.tern.message;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageIdTest {
    @Test
    void layoutPutsMillisInstanceAndCounterWhereTheCommentSays() {
        MessageId id = new MessageId.Generator(0x1122_3344_5566L, 0x7788_99AA).next(0x0000_0123_4567_89ABL);

        assertThat(id.hi()).isEqualTo(0x0123_4567_89AB_1122L);
        assertThat(id.lo()).isEqualTo(0x3344_5566_7788_99AAL);
        assertThat(id.timestampMillis()).isEqualTo(0x0123_4567_89ABL);
        assertThat(id).hasToString("0123456789ab112233445566778899aa");
    }

    @Test
    void textFormRoundTrips() {
        MessageId id = new MessageId(-1L, 5L);
        assertThat(MessageId.parse(id.toString())).isEqualTo(id);
        assertThat(id.toString()).hasSize(32);
    }

    @Test
    void badTextNamesTheValue() {
        assertThatThrownBy(() -> MessageId.parse("xyz")).hasMessageContaining("32 hex digits").hasMessageContaining("xyz");
        assertThatThrownBy(() -> MessageId.parse("g".repeat(32))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oneGeneratorNeverRepeatsAndOrdersByTime() {
        MessageId.Generator g = new MessageId.Generator();
        Set<MessageId> seen = new HashSet<>();
        MessageId earlier = g.next(1_000);
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(g.next(2_000))).isTrue();
        }
        assertThat(earlier).isLessThan(g.next(2_000));
    }
}
