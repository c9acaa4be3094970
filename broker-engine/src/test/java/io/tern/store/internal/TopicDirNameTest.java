package io.tern.store.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TopicDirName}: one directory per topic, inside the root, read back to the same name. */
class TopicDirNameTest {
    @TempDir
    Path root;

    @Test
    void everyTopicGetsItsOwnDirectoryInsideTheRootAndItsNameBack() throws IOException {
        List<String> topics = List.of("orders", "%RETRY%g", "orders.eu", "a/b", "a", "..", ".", "a:b", "~2E", "x".repeat(255),
                ".".repeat(255), "%RETRY%" + "%25".repeat(255), "é");
        Set<Path> dirs = new HashSet<>();
        for (String t : topics) {
            Path d = TopicDirName.create(root, t);
            assertThat(d.getParent()).isEqualTo(root);
            assertThat(d.getFileName().toString().length()).isLessThanOrEqualTo(TopicDirName.MAX_PLAIN);
            assertThat(dirs.add(d)).as(t).isTrue();
            assertThat(TopicDirName.topicOf(d)).isEqualTo(t);
        }
        try (var s = Files.list(root)) {
            assertThat(s.count()).isEqualTo(topics.size());
        }
    }

    @Test
    void namesOfTheOldAlphabetKeepTheirDirectories() {
        assertThat(TopicDirName.of("%RETRY%my-group_1|x")).isEqualTo("%RETRY%my-group_1|x");
        assertThat(TopicDirName.of("orders.eu")).isEqualTo("orders~2Eeu");
    }

    @Test
    void aDirectoryThatNamesNoTopicIsRecognised() throws IOException {
        assertThat(TopicDirName.topicOf(Files.createDirectories(root.resolve("a.b")))).isNull(); // '.' is always escaped
        assertThat(TopicDirName.topicOf(Files.createDirectories(root.resolve("~2e")))).isNull(); // a second spelling of '.'
        assertThat(TopicDirName.topicOf(Files.createDirectories(root.resolve("~~abc")))).isNull(); // hashed, no name file
    }
}
