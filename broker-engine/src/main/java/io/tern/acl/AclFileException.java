package io.tern.acl;

/** An ACL file that cannot be used: unreadable, or a line that does not parse. The message names the file and line. */
public final class AclFileException extends RuntimeException {
    public AclFileException(String message) {
        super(message);
    }

    public AclFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
