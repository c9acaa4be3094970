package io.tern.broker.internal.offset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link OffsetTable}: plain commits overwrite, transactional ones only advance, and who waits for the file. */
class OffsetTableTest {
    @TempDir
    Path dir;

    @Test
    void aTransactionalCommitOnlyMovesAnOffsetUpAndAPlainOneOverwrites() {
        OffsetTable t = new OffsetTable(dir.resolve("offsets"));
        t.advance("g", "T", 0, 10);
        t.advance("g", "T", 0, 7);
        assertThat(t.get("g", "T", 0)).isEqualTo(10);
        t.commit("g", "T", 0, 3); // a reset, or a plain commit: the caller says where
        assertThat(t.get("g", "T", 0)).isEqualTo(3);
        t.advance("g", "T", 0, 5);
        assertThat(t.get("g", "T", 0)).isEqualTo(5);
    }

    @Test
    void aWaiterCompletesOnlyOnceAPersistHasWrittenTheFile() throws IOException {
        Path file = dir.resolve("offsets");
        OffsetTable t = new OffsetTable(file);
        t.advance("g", "T", 1, 42);
        CompletableFuture<Void> persisted = t.persisted();
        Path tmp = Files.createDirectory(dir.resolve("offsets.tmp")); // the next write fails
        assertThatThrownBy(t::persist).isInstanceOf(IOException.class);
        assertThat(persisted).isNotDone();

        Files.delete(tmp);
        t.persist();
        assertThat(persisted).isCompleted();
        assertThat(Files.readString(file)).isEqualTo("#v2 group topic queueId offset\ng T 1 42\n");
        CompletableFuture<Void> nothingNew = t.persisted();
        t.persist(); // nothing changed: nothing to write, and every earlier commit is in the file
        assertThat(nothingNew).isCompleted();

        OffsetTable reloaded = new OffsetTable(file);
        reloaded.load();
        assertThat(reloaded.get("g", "T", 1)).isEqualTo(42);
    }
}
