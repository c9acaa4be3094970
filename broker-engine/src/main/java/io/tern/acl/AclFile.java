package io.tern.acl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The access-control file of brokers and NameServers, one statement per line ({@code #} starts a comment):
 * <pre>
 *   user NAME HASH                    HASH from `tern hash-password` (see {@link PasswordHash})
 *   allow NAME ACTION RESOURCE        ACTION: produce | consume | admin
 *                                     RESOURCE: topic:NAME, group:NAME, cluster:NAME, topic:*, group:*, cluster:*,
 *                                     or * (everything)
 *   anonymous allow | deny            connections without credentials: as user "anonymous", or refused (default deny)
 * </pre>
 * Consuming needs consume on the topic and, where a group is named, on the group. Admin needs admin on the resource:
 * {@code admin *} on a broker, {@code admin cluster:NAME} on a NameServer to register brokers of cluster NAME.
 * A bad line fails the load naming the file, line and what is wrong. Immutable once loaded.
 */
public record AclFile(Map<String, String> passwordHashes, List<Rule> rules, boolean anonymous) {
    public enum Action { PRODUCE, CONSUME, ADMIN }

    /** An allow statement. {@code resource} is "topic:NAME", "group:NAME", "cluster:NAME", "KIND:*" or "*". */
    public record Rule(String user, Action action, String resource) {
        boolean covers(String user, Action action, String resource) {
            if (!this.user.equals(user) || this.action != action) {
                return false;
            }
            if (this.resource.equals("*") || this.resource.equals(resource)) {
                return true;
            }
            return this.resource.endsWith(":*") && resource.startsWith(this.resource.substring(0, this.resource.length() - 1));
        }
    }

    public AclFile {
        passwordHashes = Map.copyOf(passwordHashes);
        rules = List.copyOf(rules);
    }

    /** Reads and checks {@code file}; throws {@link AclFileException} naming the file (and the line) if it cannot be used. */
    public static AclFile load(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AclFileException("cannot read ACL file " + file + ": " + e, e);
        }
        Map<String, String> users = new HashMap<>();
        List<Rule> rules = new ArrayList<>();
        boolean anonymous = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceAll("#.*", "").trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            String where = file + " line " + (i + 1);
            switch (f[0]) {
                case "user" -> {
                    expect(f, 3, where, "user NAME HASH");
                    users.put(f[1], passwordHash(f[2], where));
                }
                case "allow" -> {
                    expect(f, 4, where, "allow NAME produce|consume|admin RESOURCE");
                    rules.add(new Rule(f[1], action(f[2], where), resource(f[3], where)));
                }
                case "anonymous" -> {
                    expect(f, 2, where, "anonymous allow|deny");
                    if (!f[1].equals("allow") && !f[1].equals("deny")) {
                        throw new AclFileException(where + ": anonymous takes allow or deny, not '" + f[1] + "'");
                    }
                    anonymous = f[1].equals("allow");
                }
                default -> throw new AclFileException(where + ": unknown statement '" + f[0] + "' (use user, allow or anonymous)");
            }
        }
        return new AclFile(users, rules, anonymous);
    }

    private static void expect(String[] f, int n, String where, String form) {
        if (f.length != n) {
            throw new AclFileException(where + ": expected '" + form + "'");
        }
    }

    /** Checked now rather than at the first login, so a typo stops the server at start naming the line. */
    private static String passwordHash(String hash, String where) {
        try {
            PasswordHash.requireWellFormed(hash);
            return hash;
        } catch (IllegalArgumentException e) {
            throw new AclFileException(where + ": " + e.getMessage());
        }
    }

    private static Action action(String s, String where) {
        try {
            return Action.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new AclFileException(where + ": action '" + s + "' is not produce, consume or admin");
        }
    }

    private static String resource(String s, String where) {
        if (s.equals("*") || s.matches("(topic|group|cluster):\\S+")) {
            return s;
        }
        throw new AclFileException(where + ": resource '" + s
                + "' is not topic:NAME, group:NAME, cluster:NAME, topic:*, group:*, cluster:* or *");
    }

    public boolean allows(String user, Action action, String resource) {
        for (Rule r : rules) {
            if (r.covers(user, action, resource)) {
                return true;
            }
        }
        return false;
    }
}
