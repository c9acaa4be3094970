package io.tern.message;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PropertiesTest {
    private static Properties everyType() {
        return Properties.builder()
                .put("b", true).put("y", (byte) -2).put("s", (short) 300).put("i", 70_000)
                .put("l", 1L << 40).put("f", 1.5f).put("d", -2.25).put("t", "héllo")
                .build();
    }

    @Test
    void encodesToFixedBytes() {
        Properties p = Properties.builder().put("a", 7).put("n", "xy").build();
        ByteBuffer out = ByteBuffer.allocate(p.encodedSize());
        p.writeTo(out);

        assertThat(HexFormat.of().formatHex(out.array())).isEqualTo(
                "0002"                      // count
                        + "0001" + "61" + "04" + "00000007"       // "a" INT 7
                        + "0001" + "6e" + "08" + "00000002" + "7879"); // "n" STRING "xy"
    }

    @Test
    void everyTypeRoundTripsInOrder() {
        Properties p = everyType();
        ByteBuffer out = ByteBuffer.allocate(p.encodedSize());
        p.writeTo(out);
        assertThat(out.remaining()).isZero();

        Properties back = Properties.readFrom(out.flip());
        assertThat(back).isEqualTo(p);
        assertThat(back.names()).containsExactly("b", "y", "s", "i", "l", "f", "d", "t");
        assertThat(back.get("y")).isInstanceOf(Byte.class);
        assertThat(back.get("f")).isInstanceOf(Float.class);
    }

    @Test
    void encodedSizeIsExactForMultiByteAndLoneSurrogates() {
        Properties p = Properties.builder().put("k\u00e9\ud83d\ude00", "\ud800x\u4e2d").build();
        ByteBuffer out = ByteBuffer.allocate(p.encodedSize());
        p.writeTo(out);
        assertThat(out.remaining()).isZero();
    }

    @Test
    void truncatedOrBadBytesAreMalformedNotCrashes() {
        Properties p = everyType();
        ByteBuffer out = ByteBuffer.allocate(p.encodedSize());
        p.writeTo(out);
        byte[] bytes = out.array();
        for (int cut = 0; cut < bytes.length; cut++) {
            ByteBuffer in = ByteBuffer.wrap(bytes, 0, cut);
            assertThatThrownBy(() -> Properties.readFrom(in)).isInstanceOf(MalformedMessageException.class);
        }
        byte[] badType = bytes.clone();
        badType[2 + 2 + 1] = 42; // type byte of the first property
        assertThatThrownBy(() -> Properties.readFrom(ByteBuffer.wrap(badType)))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("42");
    }

    @Test
    void rejectsValuesJmsDoesNotAllow() {
        assertThatThrownBy(() -> Properties.builder().put("x", new Object()))
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> Properties.builder().put("", 1)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Properties.builder().put("x", null)).hasMessageContaining("null");
    }
}
