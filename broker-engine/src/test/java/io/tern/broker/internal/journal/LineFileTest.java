package io.tern.broker.internal.journal;

import io.tern.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link LineFile}: any field round-trips, files written before encoding still read, bad lines name the file. */
class LineFileTest {
    static final List<String> HOSTILE = List.of("a b", "a\nb", "a\r\nb", "tab\there", "50%", "%41", "%", "#v2", "#", " lead",
            "trail ", "订阅-é-🎉", "\u2028\u2029\u0085\u00A0", "\u0000\u001F\u007F", "x".repeat(255), "plain");

    @TempDir
    Path dir;

    @Test
    void everyFieldRoundTripsAndNoFieldSplitsALine() throws IOException {
        LineFile f = new LineFile(dir.resolve("t"), "a b");
        List<String[]> written = new ArrayList<>();
        for (String h : HOSTILE) {
            written.add(new String[]{h, "n" + h});
        }
        f.write(written);
        assertThat(Files.readAllLines(dir.resolve("t"), StandardCharsets.UTF_8)).hasSize(HOSTILE.size() + 1).first().isEqualTo("#v2 a b");
        List<String[]> read = new ArrayList<>();
        new LineFile(dir.resolve("t"), "a b").read(read::add);
        assertThat(read).hasSize(HOSTILE.size());
        for (int i = 0; i < HOSTILE.size(); i++) {
            assertThat(read.get(i)).containsExactly(HOSTILE.get(i), "n" + HOSTILE.get(i));
        }
        assertThat(Files.readString(dir.resolve("t"))).contains("订阅-é-🎉").contains("a%20b").contains("50%25");
    }

    @Test
    void aFileWrittenBeforeEncodingIsReadAsItIs() throws IOException {
        Files.writeString(dir.resolve("offsets"), "g %RETRY%g 0 5\ng2 t 1 7\n");
        List<String[]> read = new ArrayList<>();
        new LineFile(dir.resolve("offsets"), "group topic queueId offset").read(read::add);
        assertThat(read).hasSize(2);
        assertThat(read.get(0)).containsExactly("g", "%RETRY%g", "0", "5");
    }

    @Test
    void aFieldThatDoesNotDecodeFailsNamingTheFileAndLine() throws IOException {
        Files.writeString(dir.resolve("t"), "#v2 a b\nok ok\nbad%zz x\n");
        assertThatThrownBy(() -> new LineFile(dir.resolve("t"), "a b").read(r -> { }))
                .isInstanceOf(StoreException.class).hasMessageContaining("line 3").hasMessageContaining("bad%zz");
    }

    @Test
    void anEmptyFieldIsRefusedBeforeAnythingIsWritten() throws IOException {
        LineFile f = new LineFile(dir.resolve("t"), "a b");
        f.write(List.<String[]>of(new String[]{"x", "y"}));
        assertThatThrownBy(() -> f.write(List.<String[]>of(new String[]{"", "y"}))).isInstanceOf(IllegalArgumentException.class);
        List<String[]> read = new ArrayList<>();
        f.read(read::add);
        assertThat(read).hasSize(1);
    }
}
