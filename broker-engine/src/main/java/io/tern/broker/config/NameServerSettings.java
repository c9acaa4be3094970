package io.tern.broker.config;

import io.tern.namesrv.NameServerConfig;
import io.tern.remoting.ServerLimits;

import java.util.List;

import static io.tern.broker.config.SettingType.*;

/**
 * Every NameServer setting, defined once, for {@code tern namesrv -c FILE}, {@code --set} and {@code --print-settings}
 * (in {@code tern standalone} the same names take a {@code namesrv.} prefix).
 */
public final class NameServerSettings {
    public static final Settings<NameServerConfig.Builder, NameServerConfig> REGISTRY = new Settings<>("NameServer", List.of(
            Setting.of("host", STRING, NameServerConfig.DEFAULT_HOST, "", "address to listen on; 0.0.0.0 exposes it",
                    NameServerConfig.Builder::host, NameServerConfig::host),
            Setting.of("port", INT, NameServerConfig.DEFAULT_PORT, "", "port to listen on (0 = ephemeral)",
                    NameServerConfig.Builder::port, NameServerConfig::port),
            Setting.of("brokerExpiry", DURATION, NameServerConfig.DEFAULT_BROKER_EXPIRY, "",
                    "a broker silent this long is dropped from the routes", NameServerConfig.Builder::brokerExpiry, NameServerConfig::brokerExpiry),
            Setting.of("scanInterval", DURATION, NameServerConfig.DEFAULT_SCAN_INTERVAL, "", "how often silent brokers are looked for",
                    NameServerConfig.Builder::scanInterval, NameServerConfig::scanInterval),
            Setting.of("aclFile", OPTIONAL_PATH, null, "",
                    "users and rules, the brokers' format (registering needs 'admin cluster:NAME'); empty = no access control",
                    NameServerConfig.Builder::aclFile, NameServerConfig::aclFile),
            Setting.of("handshakeTimeout", DURATION, ServerLimits.DEFAULT_HANDSHAKE_TIMEOUT, "",
                    "a connection not logged in this long after it opened is closed",
                    NameServerConfig.Builder::handshakeTimeout, c -> c.serverLimits().handshakeTimeout()),
            Setting.of("maxConnections", INT, ServerLimits.DEFAULT_MAX_CONNECTIONS, "connections",
                    "open connections at once; a new one beyond is answered SYSTEM_BUSY naming this setting, then closed",
                    NameServerConfig.Builder::maxConnections, c -> c.serverLimits().maxConnections()),
            Setting.of("loginThreads", INT, ServerLimits.DEFAULT_LOGIN_THREADS, "threads",
                    "threads that check logins (hash passwords); users take turns, one login of a user at a time",
                    NameServerConfig.Builder::loginThreads, c -> c.serverLimits().loginThreads()),
            Setting.of("loginQueuePerUser", INT, ServerLimits.DEFAULT_LOGIN_QUEUE_PER_USER, "logins",
                    "logins of one user waiting or running at once; more are answered SYSTEM_BUSY, so a flood costs only that user",
                    NameServerConfig.Builder::loginQueuePerUser, c -> c.serverLimits().loginQueuePerUser())
    ));

    private NameServerSettings() {
    }

    public static NameServerConfig.Builder builder(List<Settings.Assignment> assignments) {
        NameServerConfig.Builder b = NameServerConfig.builder();
        REGISTRY.apply(b, REGISTRY.resolve(assignments));
        return b;
    }
}
