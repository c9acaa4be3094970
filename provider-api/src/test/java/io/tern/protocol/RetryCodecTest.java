package io.tern.protocol;

import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.message.ReceivedMessage;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed bytes for {@link SendBackRequest} (CONSUMER_SEND_BACK), and the {@link RetryTopics} properties. */
class RetryCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void requestHasFixedBytes() {
        SendBackRequest req = new SendBackRequest("g", "T", 2, 7, 3, -1);
        String expected = "0001" + "67" + "0001" + "54" + "00000002" + "0000000000000007" + "00000003" + "ffffffffffffffff";
        assertThat(HEX.formatHex(req.encode())).isEqualTo(expected);
        assertThat(SendBackRequest.decode(HEX.parseHex(expected))).isEqualTo(req);
    }

    @Test
    void resultHasFixedBytes() {
        SendBackRequest.Result r = new SendBackRequest.Result(true, "%DLQ%g", 5);
        String expected = "01" + "0006" + "25444c512567" + "0000000000000005";
        assertThat(HEX.formatHex(r.encode())).isEqualTo(expected);
        assertThat(SendBackRequest.Result.decode(HEX.parseHex(expected))).isEqualTo(r);
    }

    @Test
    void refusesAMissingGroupAndTrailingBytes() {
        String noGroup = "ffff" + "0001" + "54" + "00000002" + "0000000000000007" + "00000003" + "ffffffffffffffff";
        assertThatThrownBy(() -> SendBackRequest.decode(HEX.parseHex(noGroup)))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("needs a group and a topic");
        byte[] longer = HEX.parseHex(HEX.formatHex(new SendBackRequest("g", "T", 0, 0, 1, 0).encode()) + "00");
        assertThatThrownBy(() -> SendBackRequest.decode(longer)).isInstanceOf(FrameCodecException.class);
    }

    @Test
    void propertiesGiveOriginTopicAndDeliveryCount() {
        Message fresh = new Message(new MessageId(1, 2), "orders", 0, 0, 0, null, null, null, new byte[0]);
        assertThat(RetryTopics.originTopic(fresh)).isEqualTo("orders");
        assertThat(new ReceivedMessage(fresh, "b", 0, 0, "h").deliveryCount()).isEqualTo(1);
        Properties p = Properties.builder().put(RetryTopics.ORIGIN_TOPIC, "orders").put(RetryTopics.DELIVERY_COUNT, 2)
                .put(RetryTopics.DUE_AT, 99L).build();
        Message retried = new Message(new MessageId(1, 2), RetryTopics.retryTopic("g"), 0, 0, 0, null, null, p, new byte[0]);
        assertThat(RetryTopics.originTopic(retried)).isEqualTo("orders");
        assertThat(RetryTopics.dueAt(retried.properties())).isEqualTo(99L);
        assertThat(new ReceivedMessage(retried, "b", 0, 0, "h").deliveryCount()).isEqualTo(3);
        assertThat(RetryTopics.isRetry("%RETRY%g")).isTrue();
        assertThat(RetryTopics.isRetry("%DLQ%g")).isFalse();
    }
}
