package io.tern.jms.internal.message;

import jakarta.jms.JMSException;
import jakarta.jms.TextMessage;

/** A {@link TextMessage}: the text travels as UTF-8 (a null text is marked, see {@link MessageMapping}). */
public final class TernTextMessage extends TernMessage implements TextMessage {
    private String text;

    public TernTextMessage() {
    }

    public TernTextMessage(String text) {
        this.text = text;
    }

    @Override
    public void setText(String string) throws JMSException {
        checkBodyWritable();
        this.text = string;
    }

    @Override
    public String getText() {
        return text;
    }

    @Override
    BodyType bodyType() {
        return BodyType.TEXT;
    }

    @Override
    TernMessage newEmpty() {
        return new TernTextMessage();
    }

    @Override
    void copyBodyTo(TernMessage target) {
        ((TernTextMessage) target).text = text;
    }

    @Override
    void clearBodyContent() {
        text = null;
    }

    @Override
    Object bodyValue() {
        return text;
    }
}
