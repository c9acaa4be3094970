package io.tern.broker.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/settings.md lists exactly the settings of the registries. */
class SettingsDocTest {
    private static final Path DOC = Path.of("..", "docs", "settings.md");

    @Test
    void theDocumentListsEverySetting() throws Exception {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int begin = doc.indexOf(SettingsDoc.BEGIN);
        assertThat(begin).as("docs/settings.md has the marker line " + SettingsDoc.BEGIN).isNotNegative();
        if (Boolean.getBoolean("tern.writeSettingsDoc")) {
            Files.writeString(DOC, doc.substring(0, begin) + SettingsDoc.tables(), StandardCharsets.UTF_8);
            return;
        }
        assertThat(doc.substring(begin)).as("docs/settings.md is out of date: run this test with -Dtern.writeSettingsDoc=true")
                .isEqualTo(SettingsDoc.tables());
    }
}
