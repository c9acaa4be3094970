package io.tern.protocol;

/** Checks shared by the lease commands' decoders. */
final class LeaseHeaders {
    private LeaseHeaders() {
    }

    static void require(String group, String topic, String receiptHandle, String command) {
        if (group == null || topic == null || receiptHandle == null) {
            throw new FrameCodecException(command + " request lacks group, topic or receipt handle");
        }
    }
}
