package io.tern.message;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Message#priority()}: JMSPriority as an INT 0-9, anything else the JMS default 4. */
class MessagePriorityTest {
    private static Message with(Properties properties) {
        return new Message(MessageId.parse("0123456789abcdef0123456789abcdef"), "t", 0, 0, 0, null, List.of(), properties, new byte[0]);
    }

    private static int priorityOf(Object value) {
        return with(Properties.builder().put(Message.PRIORITY_PROPERTY, value).build()).priority();
    }

    @Test
    void anIntFromZeroToNineIsThePriority() {
        for (int p = 0; p <= 9; p++) {
            assertThat(priorityOf(p)).isEqualTo(p);
        }
    }

    @Test
    void absentOutOfRangeOrOfAnotherTypeIsTheDefaultFour() {
        assertThat(with(Properties.EMPTY).priority()).isEqualTo(Message.DEFAULT_PRIORITY).isEqualTo(4);
        assertThat(priorityOf(10)).isEqualTo(4);
        assertThat(priorityOf(-1)).isEqualTo(4);
        assertThat(priorityOf("9")).isEqualTo(4);
        assertThat(priorityOf(9L)).isEqualTo(4);
        assertThat(priorityOf((short) 9)).isEqualTo(4);
    }

    @Test
    void theProducersBuilderSetsAValidPriorityAndRefusesOthers() {
        Properties p = io.tern.client.OutgoingMessage.to("t").priority(7).body(new byte[0]).build().properties();
        assertThat(with(p).priority()).isEqualTo(7);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.tern.client.OutgoingMessage.to("t").priority(10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("priority 10 must be 0-9");
    }
}
