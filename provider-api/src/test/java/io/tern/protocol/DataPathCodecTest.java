package io.tern.protocol;

import io.tern.message.Message;
import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.message.ReceivedMessage;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fixed bytes for the send, pull, offset, queue and heartbeat descriptors and the message codec. */
class DataPathCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void sendRequestAndResult() {
        byte[] h = new SendRequest("p", "t", 3).encode();
        assertThat(HEX.formatHex(h)).isEqualTo("000170" + "000174" + "00000003");
        assertThat(SendRequest.decode(h)).isEqualTo(new SendRequest("p", "t", 3));

        byte[] r = new SendRequest.Result(true, 2, new long[]{5, 6}).encode();
        assertThat(HEX.formatHex(r)).isEqualTo("01" + "00000002" + "00000002" + "0000000000000005" + "0000000000000006");
        SendRequest.Result back = SendRequest.Result.decode(r);
        assertThat(back.durable()).isTrue();
        assertThat(back.queueOffsets()).containsExactly(5, 6);
        assertThatThrownBy(() -> SendRequest.decode(HEX.parseHex("0001700001"))).isInstanceOf(FrameCodecException.class);
    }

    @Test
    void pullRequestAndResult() {
        PullRequest p = new PullRequest("g", "t", 1, 7, 32, 15_000, null, null);
        byte[] h = p.encode();
        assertThat(HEX.formatHex(h)).isEqualTo("000167" + "000174" + "00000001" + "0000000000000007" + "00000020"
                + "0000000000003a98" + "ffff" + "ffff");
        assertThat(PullRequest.decode(h)).isEqualTo(p);
        PullRequest selecting = new PullRequest("g", "t", 1, 7, 32, 15_000, "a", "a = 1");
        assertThat(HEX.formatHex(selecting.encode())).isEqualTo("000167" + "000174" + "00000001" + "0000000000000007" + "00000020"
                + "0000000000003a98" + "0001" + "61" + "0005" + "61203d2031");
        assertThat(PullRequest.decode(selecting.encode())).isEqualTo(selecting);
        byte[] r = new PullRequest.Result(9, 0, 12).encode();
        assertThat(HEX.formatHex(r)).isEqualTo("0000000000000009" + "0000000000000000" + "000000000000000c");
        assertThat(PullRequest.Result.decode(r)).isEqualTo(new PullRequest.Result(9, 0, 12));
        assertThatThrownBy(() -> PullRequest.decode(HEX.parseHex("ffff000174"))).isInstanceOf(FrameCodecException.class);
    }

    @Test
    void offsetQueueAndHeartbeat() {
        assertThat(HEX.formatHex(new OffsetRequest("g", "t", 2, -1).encode()))
                .isEqualTo("000167" + "000174" + "00000002" + "ffffffffffffffff");
        assertThat(OffsetRequest.decodeOffset(OffsetRequest.encodeOffset(42))).isEqualTo(42);
        assertThat(HEX.formatHex(new QueueQuery("t", 0, 1000).encode())).isEqualTo("000174" + "00000000" + "00000000000003e8");
        assertThat(QueueQuery.Result.decode(new QueueQuery.Result(1, 2, -1).encode())).isEqualTo(new QueueQuery.Result(1, 2, -1));
        Heartbeat hb = new Heartbeat("c", List.of("g1"), List.of("p1"));
        assertThat(HEX.formatHex(hb.encode())).isEqualTo("000163" + "00000001" + "00026731" + "00000001" + "00027031");
        assertThat(Heartbeat.decode(hb.encode())).isEqualTo(hb);
        assertThat(Heartbeat.decodeMembers(Heartbeat.encodeMembers(List.of("a", "b")))).containsExactly("a", "b");
    }

    @Test
    void messageQuery() {
        MessageQuery byKey = MessageQuery.byKey("t", "k", 5);
        assertThat(HEX.formatHex(byKey.encode())).isEqualTo("01" + "0000000000000000" + "0000000000000000" + "000174" + "00016b" + "00000005");
        assertThat(MessageQuery.decode(byKey.encode())).isEqualTo(byKey);
        MessageQuery byId = MessageQuery.byId(new MessageId(1, 2));
        assertThat(HEX.formatHex(byId.encode())).isEqualTo("00" + "0000000000000001" + "0000000000000002" + "ffff" + "ffff" + "00000001");
        assertThat(MessageQuery.decode(byId.encode())).isEqualTo(byId);
    }

    @Test
    void messageHasFixedBytesAndRoundTripsWithEveryField() {
        Message m = new Message(new MessageId(1, 2), "t", 3, 4, 5, "g", List.of("k"), Properties.builder().put("a", 7).build(), new byte[]{(byte) 0xab});
        assertThat(HEX.formatHex(MessageCodec.encode(m))).isEqualTo(
                "0000000000000001" + "0000000000000002"      // id
                        + "000174" + "00000003"                 // topic, queue
                        + "0000000000000004" + "00000005"       // born, flags
                        + "000167"                              // tag
                        + "00000001" + "00016b"                 // keys
                        + "0000000a" + "0001" + "0001" + "61" + "04" + "00000007" // properties
                        + "00000001" + "ab");                   // body
        Message back = MessageCodec.decode(MessageCodec.encode(m));
        assertThat(back.id()).isEqualTo(m.id());
        assertThat(back.properties()).isEqualTo(m.properties());
        assertThat(back.body()).isEqualTo(m.body());
        assertThat(back.withQueueId(3)).usingRecursiveComparison().isEqualTo(m);

        ReceivedMessage r = new ReceivedMessage(m, "b", 10, 11, "127.0.0.1:1");
        ReceivedMessage rb = MessageCodec.decodeReceived(MessageCodec.encodeReceived(List.of(r)), "b").get(0);
        assertThat(rb.queueOffset()).isEqualTo(10);
        assertThat(rb.bornHost()).isEqualTo("127.0.0.1:1");
        assertThat(MessageCodec.decodeBatch(MessageCodec.encodeBatch(List.of(m, m)))).hasSize(2);
    }

    @Test
    void damagedMessagesFailAsCodecErrors() {
        byte[] good = MessageCodec.encode(new Message(new MessageId(1, 2), "t", 0, 0, 0, null, List.of(), null, new byte[8]));
        for (int cut = 0; cut < good.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(good, cut);
            assertThatThrownBy(() -> MessageCodec.decode(part)).as("cut at %d", cut).isInstanceOf(FrameCodecException.class);
        }
        byte[] tooManyKeys = good.clone();
        tooManyKeys[16 + 3 + 4 + 8 + 4 + 2] = 0x7f; // high byte of the key count: id, topic, queue, born, flags, null tag
        assertThatThrownBy(() -> MessageCodec.decode(tooManyKeys)).hasMessageContaining("keys");
    }
}
