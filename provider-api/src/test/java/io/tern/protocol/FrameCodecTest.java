package io.tern.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String SMALL = "00000010" + "000a" + "00" + "00000007" + "0002" + "abcd" + "0102030405";

    @Test
    void encodesToFixedBytes() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameEncoder.INSTANCE);
        ch.writeOutbound(Frame.request((short) 10, 7, new byte[]{(byte) 0xab, (byte) 0xcd}, new byte[]{1, 2, 3, 4, 5}));
        ByteBuf out = ch.readOutbound();
        assertThat(HEX.formatHex(bytes(out))).isEqualTo(SMALL);
    }

    @Test
    void decodesFixedBytesAndWaitsForPartialFrames() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        byte[] wire = HEX.parseHex(SMALL + SMALL.replace("000a0000000007", "000a0300000008"));
        for (int i = 0; i < wire.length; i++) { // one byte at a time: nothing comes out until a frame is whole
            ch.writeInbound(Unpooled.wrappedBuffer(wire, i, 1));
        }
        Frame first = ch.readInbound();
        Frame second = ch.readInbound();
        assertThat(first).isEqualTo(Frame.request((short) 10, 7, HEX.parseHex("abcd"), HEX.parseHex("0102030405")));
        assertThat(second.requestId()).isEqualTo(8);
        assertThat(second.isResponse()).isTrue();
        assertThat(second.isOneway()).isTrue();
        assertThat((Object) ch.readInbound()).isNull();
    }

    @Test
    void responseAndOnewayFlagsRoundTrip() {
        EmbeddedChannel ch = new EmbeddedChannel(FrameEncoder.INSTANCE, new FrameDecoder(1024));
        for (Frame f : new Frame[]{Frame.response(ResponseCode.SYSTEM_BUSY, 3, null, null), Frame.oneway((short) 9, 4, new byte[3], null)}) {
            ch.writeOutbound(f);
            ch.writeInbound((ByteBuf) ch.readOutbound());
            assertThat((Frame) ch.readInbound()).isEqualTo(f);
        }
    }

    @Test
    void malformedFramesFailWithTheReason() {
        assertDecodeFails("00000003" + "000a00", "below the minimum 9");
        assertDecodeFails("00000009" + "000a" + "04" + "00000001" + "0000", "unknown flags 0x4");
        assertDecodeFails("00000009" + "000a" + "00" + "00000001" + "0005", "header length 5 overruns the frame length 9");
        assertDecodeFails("ffffffff", "below the minimum");
    }

    @Test
    void oversizedFrameIsRefusedFromItsLengthAlone() {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex("00100000"))))
                .isInstanceOf(TooLongFrameException.class).hasMessageContaining("exceeds the maximum of 1024 bytes");
    }

    private static void assertDecodeFails(String hex, String reason) {
        EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(1024));
        assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(HEX.parseHex(hex))))
                .isInstanceOf(DecoderException.class).hasMessageContaining(reason);
    }

    @Test
    void headerFieldsHaveFixedBytesAndRejectShortOrTrailingInput() {
        byte[] h = Headers.writer().bool(true).i32(258).i64(-1).str("é").str(null).toBytes();
        assertThat(HEX.formatHex(h)).isEqualTo("01" + "00000102" + "ffffffffffffffff" + "0002c3a9" + "ffff");
        Headers.Reader r = Headers.reader(h);
        assertThat(r.bool()).isTrue();
        assertThat(r.i32()).isEqualTo(258);
        assertThat(r.i64()).isEqualTo(-1);
        assertThat(r.str()).isEqualTo("é");
        assertThat(r.str()).isNull();
        r.end();

        assertThatThrownBy(() -> Headers.reader(HEX.parseHex("0005abcd")).str()).isInstanceOf(FrameCodecException.class)
                .hasMessageContaining("needs 5 more");
        assertThatThrownBy(() -> Headers.reader(HEX.parseHex("02")).bool()).hasMessageContaining("is 2, not 0 or 1");
        Headers.Reader trailing = Headers.reader(HEX.parseHex("0000000100"));
        trailing.i32();
        assertThatThrownBy(trailing::end).hasMessageContaining("1 bytes after its last field");
    }

    @Test
    void handshakeAndErrorHeadersHaveFixedBytes() {
        assertThat(HEX.formatHex(new Handshake(1, "c").encode())).isEqualTo("00000001" + "000163" + "ffff" + "ffff");
        assertThat(Handshake.decode(HEX.parseHex("00000001000163ffffffff"))).isEqualTo(new Handshake(1, "c"));
        assertThat(HEX.formatHex(new Handshake(1, "c", "u", "p").encode())).isEqualTo("00000001" + "000163" + "000175" + "000170");
        assertThat(new Handshake(1, "c", "u", "secret").toString()).doesNotContain("secret");
        assertThat(HEX.formatHex(new ErrorHeader("no").encode())).isEqualTo("00026e6f");
        assertThat(ErrorHeader.decode(HEX.parseHex("00026e6f")).message()).isEqualTo("no");
    }

    private static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        b.release();
        return out;
    }
}
