package io.tern.cli;

import io.tern.client.Admin;
import io.tern.message.Message;
import io.tern.message.ReceivedMessage;
import io.tern.selector.Selector;
import io.tern.selector.SelectorException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tern browse}: a topic's stored messages, oldest first per queue, read without a subscription (nothing is
 * consumed, acknowledged or committed), filtered by a selector on the broker; headers, properties and the body as
 * text (UTF-8, when it is) or hex.
 */
@Command(name = "browse", description = "Show a topic's messages without consuming them: headers, properties and body.")
final class BrowseCommand implements Callable<Integer> {
    enum BodyForm { text, hex, none }

    @picocli.CommandLine.Mixin
    ClusterOptions cluster;
    @Option(names = "--topic", required = true, description = "the topic (or a %RETRY%/%DLQ% topic) to browse")
    String topic;
    @Option(names = "--selector", description = "JMS message selector (SQL), evaluated on the broker (default: every message)")
    String selector;
    @Option(names = "--max", defaultValue = "100", description = "at most this many messages (default ${DEFAULT-VALUE})")
    int max;
    @Option(names = "--body", defaultValue = "text", description = "text (UTF-8; hex when it is not), hex or none (default ${DEFAULT-VALUE})")
    BodyForm body;
    @Option(names = "--json", description = "one JSON object per message, one per line")
    boolean json;

    @Override
    public Integer call() {
        if (max < 1) {
            throw new BadUsage("--max " + max + " must be at least 1");
        }
        try {
            Selector.compile(selector);
        } catch (SelectorException e) {
            throw new BadUsage("invalid --selector \"" + selector + "\": " + e.getMessage());
        }
        try (Admin admin = cluster.admin()) {
            List<ReceivedMessage> found = admin.browse(topic, selector, max);
            for (ReceivedMessage m : found) {
                print(m);
            }
            if (!json) {
                System.out.printf("%s in %s%s%n", Lines.count(found.size(), "message"), topic, found.size() == max ? " (--max reached)" : "");
            }
        }
        return 0;
    }

    private void print(ReceivedMessage r) {
        Message m = r.message();
        String shown = bodyText(m.body());
        if (json) {
            System.out.println(Json.object("id", m.id().toString(), "broker", r.brokerName(), "queue", m.queueId(), "offset", r.queueOffset(),
                    "stored", Instant.ofEpochMilli(r.storeTimestamp()).toString(), "tag", m.tag(), "keys", String.join(",", m.keys()),
                    "properties", Lines.properties(m.properties(), true), "bytes", m.body().length, "body", shown));
            return;
        }
        System.out.printf("%s %s/%d offset %d stored %s%s keys %s properties %s %s%n", m.id(), r.brokerName(), m.queueId(), r.queueOffset(),
                Instant.ofEpochMilli(r.storeTimestamp()), Lines.tag(m.tag()), m.keys(), Lines.properties(m.properties(), true),
                Lines.count(m.body().length, "byte"));
        if (shown != null) {
            System.out.println("  " + shown);
        }
    }

    private String bodyText(byte[] b) {
        if (body == BodyForm.none) {
            return null;
        }
        if (body == BodyForm.text) {
            try {
                return "text: " + StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(b)).toString().replace("\n", "\\n");
            } catch (CharacterCodingException notText) {
                // fall through to hex: the bytes are not UTF-8
            }
        }
        return "hex: " + HexFormat.of().formatHex(b);
    }
}
