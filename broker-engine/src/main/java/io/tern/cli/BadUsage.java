package io.tern.cli;

/**
 * A flag value Tern's own checks refuse (a missing option for an action, a count out of range, an unknown action):
 * exit 2, like picocli's own usage errors, with one line naming the flag, the value and the limit.
 */
final class BadUsage extends IllegalArgumentException {
    BadUsage(String message) {
        super(message);
    }
}
