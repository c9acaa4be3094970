package io.tern.broker.config;

/** A setting that cannot be used: an unknown name, a value that does not read, or a value out of its range. */
public final class SettingException extends IllegalArgumentException {
    public SettingException(String message) {
        super(message);
    }
}
