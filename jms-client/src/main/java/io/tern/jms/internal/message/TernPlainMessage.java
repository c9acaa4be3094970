package io.tern.jms.internal.message;

/** A message with headers and properties only ({@code Session.createMessage()}); see {@link TernMessage#createPlain()}. */
final class TernPlainMessage extends TernMessage {
    @Override
    BodyType bodyType() {
        return BodyType.MESSAGE;
    }

    @Override
    TernMessage newEmpty() {
        return new TernPlainMessage();
    }

    @Override
    void copyBodyTo(TernMessage target) {
    }

    @Override
    void clearBodyContent() {
    }

    @Override
    Object bodyValue() {
        return null;
    }
}
