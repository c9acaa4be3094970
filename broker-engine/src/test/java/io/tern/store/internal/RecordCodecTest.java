package io.tern.store.internal;

import io.tern.message.MessageId;
import io.tern.message.Properties;
import io.tern.store.MessageRecord;
import io.tern.store.StoredMessage;
import io.tern.store.TestMessages;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RecordCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static ByteBuffer encode(MessageRecord m, long logOffset, long queueOffset, long storeTs) {
        int size = (int) RecordCodec.encodedSize(m);
        ByteBuffer b = ByteBuffer.allocate(size);
        RecordCodec.encode(m, size, logOffset, queueOffset, storeTs, b);
        return b;
    }

    @Test
    void smallRecordHasFixedBytes() throws Exception {
        MessageRecord m = new MessageRecord(new MessageId(0x0102030405060708L, 0x1112131415161718L), "T", 3, 0x77L,
                new InetSocketAddress(InetAddress.getByAddress(new byte[]{10, 0, 0, 9}), 0x1234), 0x5,
                Properties.builder().put("a", 7).build(), List.of("k"), "g", new byte[]{(byte) 0xAB, (byte) 0xCD});

        ByteBuffer b = encode(m, 0x40, 0x9, 0x66);

        String crc = HEX.formatHex(b.array(), 8, 12);
        assertThat(HEX.formatHex(b.array())).isEqualTo(
                "0000006b" + "54524e01" + crc + "00000005"                   // size 107, magic, crc, flags
                        + "0102030405060708" + "1112131415161718"            // id
                        + "00000003" + "0000000000000009"                    // queue id, queue offset
                        + "0000000000000040"                                 // commit log offset
                        + "0000000000000066" + "0000000000000077"            // store, born timestamps
                        + "04" + "0a000009" + "00001234"                     // born host
                        + "0001" + "54"                                      // topic "T"
                        + "0001" + "67"                                      // tag "g"
                        + "01" + "0001" + "6b"                               // one key "k"
                        + "0000000a" + "0001" + "0001" + "61" + "04" + "00000007" // properties {a: 7}
                        + "00000002" + "abcd");                              // body
        assertThat(RecordCodec.check(b, 0, b.capacity(), 0x40)).isEqualTo(107);
        assertThat(Integer.parseUnsignedInt(crc, 16)).isEqualTo(RecordCodec.crc(b, 12, 107 - 12));
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        MessageRecord m = TestMessages.message(42, "orders", 7, 3000);
        MessageRecord v6 = new MessageRecord(m.id(), m.topic(), m.queueId(), m.bornTimestamp(),
                new InetSocketAddress(InetAddress.getByName("::1"), 9), m.flags(), m.properties(), m.keys(), null, m.body());
        for (MessageRecord r : List.of(m, v6)) {
            ByteBuffer b = encode(r, 1_000_000L, 55, 1234L);
            StoredMessage s = RecordCodec.decode(b, 0);
            assertThat(TestMessages.matches(s, r)).as("round trip of %s", r).isTrue();
            assertThat(s.commitLogOffset()).isEqualTo(1_000_000L);
            assertThat(s.queueOffset()).isEqualTo(55);
            assertThat(s.storeTimestamp()).isEqualTo(1234L);
            assertThat(s.size()).isEqualTo(b.capacity());

            RecordHeader h = RecordCodec.decodeHeader(b, 0);
            assertThat(h).isEqualTo(new RecordHeader(r.id(), r.topic(), r.queueId(), 55, 1_000_000L, b.capacity(), 1234L, r.tag(), r.keys()));
        }
    }

    @Test
    void anySingleFlippedBitOrTruncationIsInvalid() {
        ByteBuffer b = encode(TestMessages.message(1, "t", 0, 64), 0, 0, 1);
        int size = b.capacity();
        Random random = new Random(7);
        for (int i = 0; i < 2000; i++) {
            ByteBuffer copy = ByteBuffer.wrap(b.array().clone());
            int pos = random.nextInt(size);
            copy.put(pos, (byte) (copy.get(pos) ^ (1 << random.nextInt(8))));
            assertThat(RecordCodec.check(copy, 0, size, 0)).as("bit flipped at %d", pos).isNotPositive();
        }
        for (int cut = 1; cut < size; cut++) {
            assertThat(RecordCodec.check(b, 0, cut, 0)).as("cut to %d", cut).isNotPositive();
        }
    }

    @Test
    void recordAtAnotherPositionIsInvalid() {
        ByteBuffer b = encode(TestMessages.message(1, "t", 0), 4096, 0, 1);
        assertThat(RecordCodec.check(b, 0, b.capacity(), 4096)).isPositive();
        assertThat(RecordCodec.check(b, 0, b.capacity(), 0)).isEqualTo(RecordCodec.INVALID);
    }

    @Test
    void zerosAreEndOfDataAndMarkerIsEndOfSegment() {
        assertThat(RecordCodec.check(ByteBuffer.allocate(100), 0, 100, 0)).isEqualTo(RecordCodec.END_OF_DATA);
        assertThat(RecordCodec.check(ByteBuffer.allocate(3), 0, 3, 0)).isEqualTo(RecordCodec.END_OF_DATA);
        ByteBuffer marker = ByteBuffer.allocate(100);
        RecordCodec.encodeEndMarker(100, marker);
        assertThat(HEX.formatHex(marker.array(), 0, 8)).isEqualTo("00000064" + "54524eff");
        assertThat(RecordCodec.check(marker, 0, 100, 0)).isEqualTo(RecordCodec.END_OF_SEGMENT);
        assertThat(RecordCodec.check(marker, 0, 99, 0)).isEqualTo(RecordCodec.INVALID); // a marker must reach the segment's end
    }

    @Test
    void validateNamesTheValueAndTheLimit() {
        MessageRecord ok = TestMessages.message(1, "t", 0);
        assertThat(RecordCodec.validate(ok, 1 << 20)).isNull();
        assertThat(RecordCodec.validate(TestMessages.message(1, "a b", 0), 1 << 20)).contains("topic name 'a b'")
                .contains(io.tern.protocol.Names.TOPIC_RULE);
        assertThat(RecordCodec.validate(TestMessages.message(1, "../etc", 0), 1 << 20)).as("its directory is encoded").isNull();
        assertThat(RecordCodec.validate(TestMessages.message(1, "t", 70_000), 1 << 20)).contains("queue id 70000");
        assertThat(RecordCodec.validate(TestMessages.message(1, "t", 0, 5000), 2048))
                .contains("exceeds maxMessageSize 2048").contains("body 5000");
        MessageRecord unresolved = new MessageRecord(ok.id(), "t", 0, 0, InetSocketAddress.createUnresolved("nowhere", 1), 0,
                null, null, null, new byte[0]);
        assertThat(RecordCodec.validate(unresolved, 1 << 20)).contains("unresolved");
    }
}
