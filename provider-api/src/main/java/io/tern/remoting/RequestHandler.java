package io.tern.remoting;

/**
 * Handles one kind of request. Runs on the executor it was registered with, never on a Netty event loop, so it may
 * block on disk. It answers through {@link Request#ok}/{@link Request#error}, now or later. A
 * {@link io.tern.protocol.FrameCodecException} thrown from here (a header that does not decode) closes the
 * connection; any other exception is answered with SYSTEM_ERROR.
 */
@FunctionalInterface
public interface RequestHandler {
    void handle(Request request) throws Exception;
}
