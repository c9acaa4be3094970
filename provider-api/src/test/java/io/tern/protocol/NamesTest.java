package io.tern.protocol;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link Names}: which topic and group names pass, and the group-in-topic encoding of retry and dead-letter topics. */
class NamesTest {
    static final List<String> HOSTILE_GROUPS = List.of("a b", "50%", "%41", "~~x", "#v2", "sub.name/with:all|of-it_",
            "订阅-é-🎉", "x".repeat(Names.MAX_GROUP_BYTES), "é".repeat(Names.MAX_GROUP_BYTES / 2), "\u2028line\u00A0sep");

    @Test
    void jmsTopicNamesPassAndTheRefusalNamesTheRule() {
        for (String ok : List.of("orders.eu", "a/b", "app:events", "..", "x".repeat(255), "%RETRY%g", "TERN_SCHEDULE")) {
            assertThat(Names.invalidTopic(ok)).as(ok).isNull();
        }
        assertThat(Names.invalidTopic("a b")).contains("character 2").contains(Names.TOPIC_RULE);
        assertThat(Names.invalidTopic("x".repeat(256))).contains("256 characters").contains(Names.TOPIC_RULE);
        assertThat(Names.invalidTopic("é")).contains(Names.TOPIC_RULE);
        assertThat(Names.invalidTopic("")).contains("needed");
        assertThat(Names.invalidTopic(null)).contains("needed");
    }

    @Test
    void groupsAreFreeFormUpTo255BytesWithoutControlCharacters() {
        for (String ok : HOSTILE_GROUPS) {
            assertThat(Names.invalidGroup(ok)).as(ok).isNull();
        }
        assertThat(Names.invalidGroup("a\nb")).contains("control character U+000A").contains("a\\u000Ab");
        assertThat(Names.invalidGroup("a\u0000")).contains("U+0000");
        assertThat(Names.invalidGroup("a\u0085")).contains("U+0085");
        assertThat(Names.invalidGroup("x".repeat(256))).contains("256 UTF-8 bytes").contains(Names.GROUP_RULE);
        assertThat(Names.invalidGroup("é".repeat(128))).contains("256 UTF-8 bytes");
        assertThat(Names.invalidGroup("a\uD800b")).contains("not well-formed");
        assertThat(Names.invalidGroup("")).contains("needed");
        assertThat(Names.invalidGroup("client id", null)).contains("a client id is needed");
    }

    @Test
    void everyValidGroupGivesValidRetryAndDeadLetterTopicsThatNameItBack() {
        for (String g : HOSTILE_GROUPS) {
            for (String topic : List.of(RetryTopics.retryTopic(g), RetryTopics.deadLetterTopic(g))) {
                assertThat(Names.invalidTopic(topic)).as(topic).isNull();
                assertThat(RetryTopics.groupOf(topic)).isEqualTo(g);
            }
        }
        assertThat(RetryTopics.retryTopic("orders-app_1")).isEqualTo("%RETRY%orders-app_1"); // unchanged for plain groups
        assertThat(RetryTopics.retryTopic("a b%")).isEqualTo("%RETRY%a%20b%25");
        assertThat(RetryTopics.groupOf("orders")).isNull();
        assertThat(RetryTopics.groupOf("%DLQ%bad%zz")).isNull();
    }

    @Test
    void theGroupEncodingIsInjectiveOnRandomGroups() {
        Random random = new Random(11);
        java.util.Map<String, String> seen = new java.util.HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder g = new StringBuilder();
            int n = 1 + random.nextInt(6);
            for (int j = 0; j < n; j++) {
                g.appendCodePoint(switch (random.nextInt(4)) {
                    case 0 -> "%. /:~#aZ9".charAt(random.nextInt(10));
                    case 1 -> 0x20 + random.nextInt(0x5F);
                    case 2 -> 0xA0 + random.nextInt(0x2000);
                    default -> 0x1F600 + random.nextInt(64);
                });
            }
            String group = g.toString();
            String encoded = Names.groupInTopic(group);
            assertThat(Names.groupFromTopic(encoded)).isEqualTo(group);
            String before = seen.put(encoded, group);
            assertThat(before == null || before.equals(group)).as(group + " and " + before + " share " + encoded).isTrue();
        }
    }
}
