package io.tern.examples.support;

/** Where the examples find Tern: the first program argument, else {@code ./tern standalone}'s NameServer. */
public final class Url {
    public static final String STANDALONE = "tern://127.0.0.1:9876";

    private Url() {
    }

    public static String from(String[] args) {
        if (args.length == 0) {
            return STANDALONE;
        }
        if (!args[0].startsWith("tern://")) {
            throw new IllegalArgumentException("the argument must be a Tern URL like " + STANDALONE + ", got " + args[0]);
        }
        return args[0];
    }

    /** The NameServers of a URL as the native client takes them ("host:port,host:port"). */
    public static String nameServers(String url) {
        String rest = url.substring("tern://".length());
        int q = rest.indexOf('?');
        return q < 0 ? rest : rest.substring(0, q);
    }
}
