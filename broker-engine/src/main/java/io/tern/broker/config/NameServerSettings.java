package io.tern.broker.config;

import io.tern.namesrv.NameServerConfig;

import java.util.List;

import static io.tern.broker.config.SettingType.*;

/**
 * Every NameServer setting, defined once, for {@code tern namesrv -c FILE}, {@code --set} and {@code --print-settings}
 * (in {@code tern standalone} the same names take a {@code namesrv.} prefix).
 */
public final class NameServerSettings {
    public static final Settings<NameServerConfig.Builder, NameServerConfig> REGISTRY = new Settings<>("NameServer", ServerLimitSettings.after(List.of(
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
                    NameServerConfig.Builder::aclFile, NameServerConfig::aclFile)
    ), NameServerConfig.Builder::handshakeTimeout, NameServerConfig.Builder::maxConnections,
            NameServerConfig.Builder::loginThreads, NameServerConfig.Builder::loginQueuePerUser, NameServerConfig::serverLimits));

    private NameServerSettings() {
    }

    public static NameServerConfig.Builder builder(List<Settings.Assignment> assignments) {
        NameServerConfig.Builder b = NameServerConfig.builder();
        REGISTRY.apply(b, REGISTRY.resolve(assignments));
        return b;
    }
}
