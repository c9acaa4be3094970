package io.tern.jms.internal.message;

/**
 * The body type marker carried on the wire in the BYTE property {@link MessageMapping#BODY_TYPE}; the codes are part of
 * the wire form: never renumber. A message without the marker (sent by a native client) is read as a BytesMessage.
 */
enum BodyType {
    MESSAGE(0, "Message"),
    TEXT(1, "TextMessage"),
    BYTES(2, "BytesMessage"),
    MAP(3, "MapMessage"),
    STREAM(4, "StreamMessage"),
    OBJECT(5, "ObjectMessage");

    private final byte code;
    private final String jmsName;

    BodyType(int code, String jmsName) {
        this.code = (byte) code;
        this.jmsName = jmsName;
    }

    byte code() {
        return code;
    }

    String jmsName() {
        return jmsName;
    }

    /** The type of {@code code}, or null if no type has it. */
    static BodyType ofCode(byte code) {
        for (BodyType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
