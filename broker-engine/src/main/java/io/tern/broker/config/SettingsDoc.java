package io.tern.broker.config;

/**
 * Writes {@code docs/settings.md}'s tables from the registries, so the document lists exactly the settings that exist
 * ({@code SettingsDocTest} fails when it does not; {@code -Dtern.writeSettingsDoc=true} rewrites it).
 */
public final class SettingsDoc {
    public static final String BEGIN = "<!-- generated from BrokerSettings and NameServerSettings: do not edit below -->";

    private SettingsDoc() {
    }

    public static String tables() {
        return BEGIN + "\n\n## Broker (`tern broker`, `tern standalone`)\n\n" + table(BrokerSettings.REGISTRY)
                + "\n## NameServer (`tern namesrv`; `namesrv.NAME` in `tern standalone`)\n\n" + table(NameServerSettings.REGISTRY);
    }

    private static String table(Settings<?, ?> settings) {
        StringBuilder out = new StringBuilder("| name | type | unit | default | meaning |\n|---|---|---|---|---|\n");
        for (Setting<?, ?> s : settings.all()) {
            out.append("| `").append(s.name()).append("` | ").append(s.type().name()).append(" | ").append(s.unit()).append(" | ")
                    .append(s.defaultText().isEmpty() ? "(none)" : "`" + s.defaultText() + "`").append(" | ")
                    .append(s.description().replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }
}
