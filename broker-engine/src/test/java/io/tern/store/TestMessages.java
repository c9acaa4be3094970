package io.tern.store;

import io.tern.message.MessageId;
import io.tern.message.Properties;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Builds messages whose content follows from a sequence number, so tests can check bytes without keeping them. */
public final class TestMessages {
    public static final InetSocketAddress HOST;

    static {
        try {
            HOST = new InetSocketAddress(InetAddress.getByAddress(new byte[]{127, 0, 0, 1}), 40_001);
        } catch (UnknownHostException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private TestMessages() {
    }

    public static MessageId id(long seq) {
        return new MessageId(0x5EED_0000_0000_0000L | seq, ~seq);
    }

    public static byte[] body(long seq, int size) {
        byte[] b = new byte[size];
        byte[] s = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            b[i] = i < s.length ? s[i] : (byte) (seq * 31 + i);
        }
        return b;
    }

    public static MessageRecord message(long seq, String topic, int queueId, int bodySize) {
        return new MessageRecord(id(seq), topic, queueId, 1_700_000_000_000L + seq, HOST, (int) (seq & 0xff),
                Properties.builder().put("seq", seq).put("even", seq % 2 == 0).build(),
                List.of("key-" + seq, "group-" + seq % 10), "tag" + seq % 3, body(seq, bodySize));
    }

    public static MessageRecord message(long seq, String topic, int queueId) {
        return message(seq, topic, queueId, 100);
    }

    /** True if {@code stored} is exactly what {@code message(seq, ...)} made. */
    public static boolean matches(StoredMessage stored, MessageRecord expected) {
        MessageRecord m = stored.message();
        return m.id().equals(expected.id()) && m.topic().equals(expected.topic()) && m.queueId() == expected.queueId()
                && m.bornTimestamp() == expected.bornTimestamp() && m.bornHost().equals(expected.bornHost())
                && m.flags() == expected.flags() && m.properties().equals(expected.properties())
                && m.keys().equals(expected.keys()) && java.util.Objects.equals(m.tag(), expected.tag())
                && Arrays.equals(m.body(), expected.body());
    }
}
