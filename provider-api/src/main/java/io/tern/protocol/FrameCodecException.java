package io.tern.protocol;

import io.netty.handler.codec.CorruptedFrameException;

/** A frame that cannot be decoded: wrong length fields, unknown flags. The connection it came on is closed. */
public class FrameCodecException extends CorruptedFrameException {
    public FrameCodecException(String message) {
        super(message);
    }
}
