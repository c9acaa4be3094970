package io.tern.store.internal;

import io.tern.message.MessageId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIndexTest {
    /** 16 entries per file and 2 per record (id and one key): a file holds 8 records. */
    private static final int SLOTS = 16;
    private static final int ENTRIES = 16;
    private static final int RECORD_SIZE = 100;

    @TempDir
    Path dir;

    private static RecordHeader record(int i) {
        return new RecordHeader(new MessageId(1, i), "topic", 0, i, (long) i * RECORD_SIZE, RECORD_SIZE, 0, null, List.of("key" + i));
    }

    @Test
    void filesRolledWithinOneDispatchRoundStayChainedAcrossReopen() throws IOException {
        DirtyFiles dirty = new DirtyFiles();
        MessageIndex index = new MessageIndex(dir, SLOTS, ENTRIES, dirty);
        index.load(0);
        for (int i = 0; i < 20; i++) { // one dispatch round: rolls twice, marks coverage once at its end
            index.index(record(i));
        }
        index.markIndexedUpTo(20L * RECORD_SIZE);
        dirty.forceAll();
        index.close();

        MessageIndex reopened = new MessageIndex(dir, SLOTS, ENTRIES, new DirtyFiles());
        reopened.load(0);

        assertThat(reopened.indexedUpTo()).as("coverage after reopen; less means files were dropped to be rebuilt")
                .isEqualTo(20L * RECORD_SIZE);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("00000000000000000000", "00000000000000000800", "00000000000000001600");
        }
        assertThat(reopened.candidatesForId(new MessageId(1, 3), 4)).containsExactly(300L);
        assertThat(reopened.candidatesForId(new MessageId(1, 19), 4)).containsExactly(1900L);
        reopened.close();
    }
}
