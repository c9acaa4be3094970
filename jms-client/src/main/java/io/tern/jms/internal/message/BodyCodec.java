package io.tern.jms.internal.message;

import io.tern.client.OutgoingMessage;
import io.tern.message.Message;
import jakarta.jms.MessageFormatException;

import java.nio.charset.StandardCharsets;

/**
 * Encodes and decodes bodies per {@link BodyType}; the layouts are drawn in {@link MessageMapping}'s class comment
 * and, for Map and Stream, in {@link TypedValueCodec}. Stateless.
 */
final class BodyCodec {
    private BodyCodec() {
    }

    /** The body bytes of {@code m}; marks a null text on {@code b}. */
    static byte[] encode(TernMessage m, OutgoingMessage.Builder b) {
        return switch (m.bodyType()) {
            case MESSAGE -> new byte[0];
            case TEXT -> {
                String text = ((TernTextMessage) m).getText();
                if (text == null) {
                    b.property(MessageMapping.NULL_BODY, true);
                    yield new byte[0];
                }
                yield text.getBytes(StandardCharsets.UTF_8);
            }
            case BYTES -> ((TernBytesMessage) m).bodyBytesForEncoding();
            case MAP -> TypedValueCodec.encodeMap(((TernMapMessage) m).values());
            case STREAM -> TypedValueCodec.encodeList(((TernStreamMessage) m).values());
            case OBJECT -> {
                byte[] s = ((TernObjectMessage) m).serialized();
                yield s == null ? new byte[0] : s;
            }
        };
    }

    /** A new message of the type marked on {@code e} (Bytes without a marker) holding its body. */
    static TernMessage decode(Message e, DeserializationPolicy policy) throws MessageFormatException {
        Object marker = e.properties().get(MessageMapping.BODY_TYPE);
        BodyType type = marker == null ? BodyType.BYTES
                : marker instanceof Byte code ? BodyType.ofCode(code) : null;
        if (type == null) {
            throw new MessageFormatException("message " + e.id() + " on " + e.topic() + " has body type marker "
                    + MessageMapping.BODY_TYPE + "=" + marker + ", which is not a known BYTE code (0-5)");
        }
        byte[] body = e.body();
        return switch (type) {
            case MESSAGE -> TernMessage.createPlain();
            case TEXT -> new TernTextMessage(Boolean.TRUE.equals(e.properties().get(MessageMapping.NULL_BODY))
                    ? null : new String(body, StandardCharsets.UTF_8));
            case BYTES -> TernBytesMessage.ofBody(body.clone());
            case MAP -> TernMapMessage.ofValues(TypedValueCodec.decodeMap(body));
            case STREAM -> TernStreamMessage.ofValues(TypedValueCodec.decodeList(body));
            case OBJECT -> TernObjectMessage.ofSerialized(body.length == 0 ? null : body.clone(), policy);
        };
    }
}
