package io.tern.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Random and mutated bytes either decode into frames or fail as a DecoderException: never anything else. */
class FrameDecoderFuzzTest {
    @Test
    void randomAndMutatedInputsOnlyEverYieldFramesOrDecoderExceptions() {
        Random random = new Random(2026);
        ByteBuf valid = Unpooled.buffer();
        FrameEncoder.write(Frame.request(CommandCode.HANDSHAKE, 1, new Handshake(1, "fuzz").encode(), null), valid);
        FrameEncoder.write(Frame.request((short) 10, 2, Headers.writer().str("topic").i32(3).toBytes(), new byte[40]), valid);
        byte[] template = new byte[valid.readableBytes()];
        valid.readBytes(template);

        int frames = 0;
        int failures = 0;
        for (int i = 0; i < 50_000; i++) {
            byte[] input = i % 2 == 0 ? Fuzz.randomBytes(random, 63) : Fuzz.mutate(template, random);
            EmbeddedChannel ch = new EmbeddedChannel(new FrameDecoder(4096));
            try {
                // split the input at a random point: decoding must not depend on how bytes arrive
                int split = random.nextInt(input.length + 1);
                ch.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
                ch.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
            } catch (DecoderException expected) {
                failures++;
            }
            for (Object f; (f = ch.readInbound()) != null; ) {
                assertThat(f).isInstanceOf(Frame.class);
                frames++;
            }
            ch.finishAndReleaseAll();
        }
        assertThat(frames).isPositive();
        assertThat(failures).isPositive();
    }
}
