package io.tern.protocol;

import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.ReceivedMessage;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed bytes for the lease-mode commands: {@link ReceiveRequest}, {@link AckRequest}, {@link NackRequest}, {@link ChangeInvisibilityRequest}. */
class LeaseCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    // group "g", topic "T"
    private static final String G_T = "0001" + "67" + "0001" + "54";
    // receipt handle "1:2:ab"
    private static final String HANDLE = "0006" + "313a323a6162";

    @Test
    void receiveRequestHasFixedBytes() {
        ReceiveRequest req = new ReceiveRequest("g", "T", 16, 30_000, 5_000, "a || b", "p = 'x'");
        String expected = G_T + "00000010" + "0000000000007530" + "0000000000001388" + "0006" + "61207c7c2062"
                + "0007" + "70203d20277827";
        assertThat(HEX.formatHex(req.encode())).isEqualTo(expected);
        assertThat(ReceiveRequest.decode(HEX.parseHex(expected))).isEqualTo(req);
        String nulls = G_T + "00000001" + "0000000000000001" + "0000000000000000" + "ffff" + "ffff";
        assertThat(ReceiveRequest.decode(HEX.parseHex(nulls)).tags()).isNull();
        assertThat(ReceiveRequest.decode(HEX.parseHex(nulls)).selector()).isNull();
    }

    @Test
    void receiveRequestRefusesMissingFieldsAndTrailingBytes() {
        assertThatThrownBy(() -> ReceiveRequest.decode(HEX.parseHex("ffff" + "0001" + "54" + "00000001" + "0000000000000001" + "0000000000000000" + "ffff" + "ffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("lacks group or topic");
        assertThatThrownBy(() -> ReceiveRequest.decode(HEX.parseHex(G_T + "00000001")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("header ends at byte 10");
        assertThatThrownBy(() -> ReceiveRequest.decode(HEX.parseHex(G_T + "00000001" + "0000000000000001" + "0000000000000000" + "ffff" + "ffff" + "00")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("1 bytes after its last field");
    }

    @Test
    void receiveResponseBodyHasFixedBytes() {
        Message m = new Message(new MessageId(1, 2), "T", 3, 4, 0, null, List.of(), null, new byte[]{0x7f});
        ReceiveRequest.Leased leased = new ReceiveRequest.Leased("1:2:ab", 2, new ReceivedMessage(m, "b", 5, 6, "h:1"));
        String message = "0000000000000001" + "0000000000000002" + "0001" + "54" + "00000003" + "0000000000000004" + "00000000"
                + "ffff" + "00000000" + HEX.formatHex(lengthPrefixedProperties()) + "00000001" + "7f";
        String expected = "00000001" + HANDLE + "00000002" + "0000000000000005" + "0000000000000006" + "0003" + "683a31" + message;
        assertThat(HEX.formatHex(ReceiveRequest.encodeBody(List.of(leased)))).isEqualTo(expected);
        List<ReceiveRequest.Leased> decoded = ReceiveRequest.decodeBody(HEX.parseHex(expected), "b");
        assertThat(decoded).singleElement().satisfies(l -> {
            assertThat(l.receiptHandle()).isEqualTo("1:2:ab");
            assertThat(l.deliveryCount()).isEqualTo(2);
            assertThat(l.received().queueOffset()).isEqualTo(5);
            assertThat(l.received().storeTimestamp()).isEqualTo(6);
            assertThat(l.received().bornHost()).isEqualTo("h:1");
            assertThat(l.received().brokerName()).isEqualTo("b");
            assertThat(l.received().message().id()).isEqualTo(new MessageId(1, 2));
            assertThat(l.received().message().body()).containsExactly(0x7f);
        });
        assertThat(ReceiveRequest.decodeBody(HEX.parseHex("00000000"), "b")).isEmpty();
    }

    @Test
    void receiveResponseRefusesAZeroDeliveryCount() {
        String bad = "00000001" + HANDLE + "00000000";
        assertThatThrownBy(() -> ReceiveRequest.decodeBody(HEX.parseHex(bad), "b"))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("delivery count 0");
    }

    private static byte[] lengthPrefixedProperties() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(io.tern.message.Properties.EMPTY.encodedSize());
        io.tern.message.Properties.EMPTY.writeTo(b);
        return Headers.writer().bytes(b.array()).toBytes();
    }

    @Test
    void ackRequestHasFixedBytes() {
        AckRequest ack = new AckRequest("g", "T", "1:2:ab");
        String expected = G_T + HANDLE;
        assertThat(HEX.formatHex(ack.encode())).isEqualTo(expected);
        assertThat(AckRequest.decode(HEX.parseHex(expected))).isEqualTo(ack);
        assertThatThrownBy(() -> AckRequest.decode(HEX.parseHex(G_T + "ffff")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("ack request lacks");
    }

    @Test
    void nackRequestHasFixedBytes() {
        NackRequest nack = new NackRequest("g", "T", "1:2:ab", 1_000);
        String expected = G_T + HANDLE + "00000000000003e8";
        assertThat(HEX.formatHex(nack.encode())).isEqualTo(expected);
        assertThat(NackRequest.decode(HEX.parseHex(expected))).isEqualTo(nack);
        assertThatThrownBy(() -> NackRequest.decode(HEX.parseHex(G_T + HANDLE)))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("needs 8 more");
    }

    @Test
    void changeInvisibilityRequestHasFixedBytes() {
        ChangeInvisibilityRequest c = new ChangeInvisibilityRequest("g", "T", "1:2:ab", 60_000);
        String expected = G_T + HANDLE + "000000000000ea60";
        assertThat(HEX.formatHex(c.encode())).isEqualTo(expected);
        assertThat(ChangeInvisibilityRequest.decode(HEX.parseHex(expected))).isEqualTo(c);
        assertThatThrownBy(() -> ChangeInvisibilityRequest.decode(HEX.parseHex(G_T + HANDLE + "000000000000ea6000")))
                .isInstanceOf(FrameCodecException.class).hasMessageContaining("after its last field");
    }
}
