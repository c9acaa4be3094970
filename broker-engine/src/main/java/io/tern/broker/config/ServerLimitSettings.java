package io.tern.broker.config;

import io.tern.remoting.ServerLimits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import static io.tern.broker.config.SettingType.DURATION;
import static io.tern.broker.config.SettingType.INT;

/** The settings of a server's port ({@link ServerLimits}), the same for brokers and NameServers. Stateless. */
final class ServerLimitSettings {
    private ServerLimitSettings() {
    }

    /** {@code own} followed by the four settings, put on a builder by these setters and read back through {@code limits}. */
    static <B, C> List<Setting<B, C>> after(List<Setting<B, C>> own, BiConsumer<B, Duration> handshakeTimeout, BiConsumer<B, Integer> maxConnections,
                                         BiConsumer<B, Integer> loginThreads, BiConsumer<B, Integer> loginQueuePerUser,
                                         Function<C, ServerLimits> limits) {
        List<Setting<B, C>> all = new ArrayList<>(own);
        all.addAll(List.of(
                Setting.of("handshakeTimeout", DURATION, ServerLimits.DEFAULT_HANDSHAKE_TIMEOUT, "",
                        "a connection not logged in this long after it opened is closed",
                        handshakeTimeout, c -> limits.apply(c).handshakeTimeout()),
                Setting.of("maxConnections", INT, ServerLimits.DEFAULT_MAX_CONNECTIONS, "connections",
                        "open connections at once; a new one beyond is answered SYSTEM_BUSY naming this setting, then closed",
                        maxConnections, c -> limits.apply(c).maxConnections()),
                Setting.of("loginThreads", INT, ServerLimits.DEFAULT_LOGIN_THREADS, "threads",
                        "threads that check logins (hash passwords); users take turns, one login of a user at a time",
                        loginThreads, c -> limits.apply(c).loginThreads()),
                Setting.of("loginQueuePerUser", INT, ServerLimits.DEFAULT_LOGIN_QUEUE_PER_USER, "logins",
                        "logins of one user waiting or running at once; more are answered SYSTEM_BUSY, so a flood costs only that user",
                        loginQueuePerUser, c -> limits.apply(c).loginQueuePerUser())));
        return List.copyOf(all);
    }
}
