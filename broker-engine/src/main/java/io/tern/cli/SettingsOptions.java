package io.tern.cli;

import io.tern.broker.config.Settings.Assignment;
import io.tern.broker.config.SettingsFile;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -c FILE}, {@code --set NAME=VALUE} and {@code --print-settings}, for the commands that run servers. In
 * {@code tern standalone} one file and the sets hold both halves: {@code namesrv.NAME} is the NameServer's NAME, every
 * other name the broker's.
 */
final class SettingsOptions {
    /** The prefix of NameServer settings in a {@code tern standalone} file or {@code --set}. */
    static final String NAMESRV_PREFIX = "namesrv.";

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "settings file: name=value lines (see --print-settings)")
    Path configFile;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "one setting, over the file and the flags (repeatable)")
    List<String> sets = new ArrayList<>();

    @Option(names = "--print-settings", description = "print every setting with its default and meaning (and, with -c, --set or"
            + " flags, the value in effect), then exit")
    boolean printSettings;

    /** The file's lines, then nothing else; {@code part} picks which half in standalone. */
    List<Assignment> fromFile(Part part) {
        return configFile == null ? List.of() : select(SettingsFile.read(configFile), part);
    }

    List<Assignment> fromSets(Part part) {
        List<Assignment> out = new ArrayList<>();
        for (String s : sets) {
            out.add(SettingsFile.parse(s, " (--set)", "--set " + s));
        }
        return select(out, part);
    }

    boolean anyGiven() {
        return configFile != null || !sets.isEmpty();
    }

    /** Which names a command takes: all of them (broker, namesrv), or one half of a standalone file. */
    enum Part { ALL, STANDALONE_BROKER, STANDALONE_NAMESRV }

    private static List<Assignment> select(List<Assignment> all, Part part) {
        List<Assignment> shared = new ArrayList<>();
        List<Assignment> own = new ArrayList<>();
        for (Assignment a : all) {
            boolean namesrv = a.name().startsWith(NAMESRV_PREFIX);
            if (part == Part.ALL || (part == Part.STANDALONE_BROKER && !namesrv)) {
                own.add(a);
            } else if (part == Part.STANDALONE_NAMESRV && namesrv) {
                own.add(new Assignment(a.name().substring(NAMESRV_PREFIX.length()), a.value(), a.where()));
            } else if (part == Part.STANDALONE_NAMESRV && (a.name().equals("host") || a.name().equals("aclFile"))) {
                shared.add(a); // a standalone's NameServer listens where its broker does and shares its ACL file
            }
        }
        shared.addAll(own); // namesrv.host wins over host wherever it is written
        return shared;
    }

    static void flag(List<Assignment> to, String name, Object value) {
        if (value != null) {
            to.add(new Assignment(name, value.toString(), " (flag)"));
        }
    }
}
