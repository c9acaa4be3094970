package io.tern.client.internal;

import io.tern.client.TernClientException;
import io.tern.protocol.ErrorHeader;
import io.tern.protocol.Frame;
import io.tern.protocol.ResponseCode;

/** Turns a non-OK response into a {@link TernClientException} that says what was asked and why it was refused. */
public final class Responses {
    private Responses() {
    }

    /** Returns {@code f} if it is OK; otherwise throws with "{@code what} failed: reason". */
    public static Frame check(Frame f, String what) {
        if (f.code() != ResponseCode.OK) {
            throw new TernClientException(f.code(), what + " failed: " + ErrorHeader.decode(f.header()).message());
        }
        return f;
    }
}
