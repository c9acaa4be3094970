package io.tern.store.internal;

import io.tern.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitLogTest {
    private static final int SEGMENT_SIZE = 4096;

    @TempDir
    Path dir;

    /** What a kill between creating the next segment's file and sizing it leaves: segment 0 ended, segment 1 empty. */
    private void endedSegmentThenEmptyFile() throws IOException {
        CommitLog log = new CommitLog(dir, SEGMENT_SIZE, io.tern.store.ForceHook.NONE);
        log.load();
        log.append(ByteBuffer.wrap(new byte[100]));
        log.endSegment();
        log.close();
        Files.createFile(dir.resolve(String.format("%020d", SEGMENT_SIZE)));
    }

    @Test
    void anEmptyLastSegmentIsExtendedThenDroppedByRecoveryAndMadeAgainByTheNextAppend() throws IOException {
        endedSegmentThenEmptyFile();

        CommitLog log = new CommitLog(dir, SEGMENT_SIZE, io.tern.store.ForceHook.NONE);
        log.load(); // the empty file is extended with zeros: the scan finds nothing in it
        assertThat(log.segments()).hasSize(2);
        log.recoverTo(SEGMENT_SIZE); // what the verification scan finds: the log ends where segment 0 ends
        assertThat(log.segments()).hasSize(1);
        assertThat(log.writtenPosition()).isEqualTo(SEGMENT_SIZE);
        log.append(ByteBuffer.wrap(new byte[]{1, 2, 3}));

        assertThat(log.segments()).hasSize(2);
        assertThat(Files.size(dir.resolve(String.format("%020d", SEGMENT_SIZE)))).isEqualTo(SEGMENT_SIZE);
        log.close();
    }

    @Test
    void aLastSegmentCutShortIsExtendedSoRecoveryCanKeepItsValidPrefix() throws IOException {
        endedSegmentThenEmptyFile();
        Files.write(dir.resolve(String.format("%020d", SEGMENT_SIZE)), new byte[100]);

        CommitLog log = new CommitLog(dir, SEGMENT_SIZE, io.tern.store.ForceHook.NONE);
        log.load();
        assertThat(Files.size(dir.resolve(String.format("%020d", SEGMENT_SIZE)))).isEqualTo(SEGMENT_SIZE);
        log.close();
    }

    @Test
    void aSegmentLongerThanTheSettingIsRefused() throws IOException {
        endedSegmentThenEmptyFile();
        Files.write(dir.resolve(String.format("%020d", SEGMENT_SIZE)), new byte[SEGMENT_SIZE + 1]);

        assertThatThrownBy(() -> new CommitLog(dir, SEGMENT_SIZE, io.tern.store.ForceHook.NONE).load())
                .isInstanceOf(StoreException.class).hasMessageContaining("more than segmentSize");
    }

    @Test
    void anEmptyStrayFileIsReportedNotDeleted() throws IOException {
        endedSegmentThenEmptyFile();
        Path stray = Files.createFile(dir.resolve("notes"));

        assertThatThrownBy(() -> new CommitLog(dir, SEGMENT_SIZE, io.tern.store.ForceHook.NONE).load())
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("unexpected file in the commit log directory: " + stray);
        assertThat(stray).exists();
    }
}
