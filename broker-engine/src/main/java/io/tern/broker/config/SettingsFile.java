package io.tern.broker.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a settings file: one {@code name=value} per line, blanks and lines starting with {@code #} ignored, spaces
 * around the name and the value trimmed. An empty value means "none" for settings that may be absent (aclFile,
 * expiryTopic). A line without {@code =} stops the start naming the file and the line.
 * <pre>
 *   # broker.conf
 *   port=10911
 *   flushMode=SYNC
 *   retention=48h
 * </pre>
 */
public final class SettingsFile {
    private SettingsFile() {
    }

    public static List<Settings.Assignment> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingException("cannot read settings file " + file + ": " + e);
        }
        List<Settings.Assignment> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = " (" + file + " line " + (i + 1) + ")";
            out.add(parse(line, where, "settings file " + file + " line " + (i + 1)));
        }
        return out;
    }

    /** One {@code name=value} (a line, or the argument of {@code --set}). */
    public static Settings.Assignment parse(String text, String where, String what) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new SettingException(what + " is not name=value: '" + text + "'");
        }
        return new Settings.Assignment(text.substring(0, eq).strip(), text.substring(eq + 1).strip(), where);
    }
}
