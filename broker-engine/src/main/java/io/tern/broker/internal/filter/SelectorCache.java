package io.tern.broker.internal.filter;

import io.tern.selector.Selector;
import io.tern.selector.SelectorException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled selectors by (group, topic, selector text), so a subscription's selector is compiled once, not on every
 * pull or receive. Least recently used entries go beyond {@value #MAX_ENTRIES}: a compiled selector is a few hundred
 * bytes, so the cap bounds it at about a megabyte however many distinct selectors clients send. Selectors that do not
 * compile are not cached (clients check theirs before sending, so they are rare).
 *
 * <p>Thread rules: any thread; the map is guarded by its own monitor, compiling happens outside it.
 */
public final class SelectorCache {
    static final int MAX_ENTRIES = 4096;

    private record Key(String group, String topic, String selector) {
    }

    private final Map<Key, Selector> compiled = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Selector> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    Selector compile(String group, String topic, String selector) throws SelectorException {
        Key key = new Key(group, topic, selector);
        synchronized (compiled) {
            Selector s = compiled.get(key);
            if (s != null) {
                return s;
            }
        }
        Selector s = Selector.compile(selector);
        synchronized (compiled) {
            compiled.put(key, s);
        }
        return s;
    }

    int size() {
        synchronized (compiled) {
            return compiled.size();
        }
    }
}
