package io.tern.broker.internal.filter;

import io.tern.selector.Selector;
import io.tern.selector.SelectorContext;
import io.tern.selector.SelectorException;
import io.tern.store.MessageRecord;

import java.util.Set;

/**
 * What a pull or receive takes: the tag filter, then the selector. A selector that constrains only JMSType
 * ({@link Selector#tagsOnly()}) is checked as a tag set, without building a selector context over the properties.
 * Immutable.
 *
 * @param tags         the tag subscription
 * @param selector     the compiled selector, or null for none
 * @param selectorTags the selector's tag set when it is a pure tag constraint, else null
 */
public record SubscriptionFilter(TagFilter tags, Selector selector, Set<String> selectorTags) {
    public static final SubscriptionFilter ALL = new SubscriptionFilter(TagFilter.ALL, null, null);

    /**
     * The filter of a request; an invalid tag expression or selector is an {@link IllegalArgumentException} whose
     * message the broker sends back (for a selector: "invalid selector "...": at position N: reason").
     */
    public static SubscriptionFilter of(SelectorCache cache, String group, String topic, String tags, String selector) {
        TagFilter tagFilter = TagFilter.parse(tags);
        Selector compiled;
        try {
            compiled = cache.compile(group, topic, selector);
        } catch (SelectorException e) {
            throw new IllegalArgumentException("invalid selector \"" + selector + "\": " + e.getMessage(), e);
        }
        if (compiled.matchesAll()) {
            return new SubscriptionFilter(tagFilter, null, null);
        }
        return new SubscriptionFilter(tagFilter, compiled, compiled.tagsOnly().orElse(null));
    }

    /**
     * The tag-hash test for {@link io.tern.store.MessageStore#scan}: the hashes of the tags this filter can accept
     * (the tag subscription's, narrowed by a tag-only selector's), or accept-all when neither names tags.
     */
    public java.util.function.LongPredicate tagHashes() {
        Set<String> allowed = tags.tags();
        if (selectorTags != null) {
            allowed = allowed == null ? selectorTags
                    : allowed.stream().filter(selectorTags::contains).collect(java.util.stream.Collectors.toSet());
        }
        if (allowed == null) {
            return h -> true;
        }
        Set<Long> hashes = allowed.stream().map(io.tern.store.MessageStore::tagHash).collect(java.util.stream.Collectors.toSet());
        return hashes::contains;
    }

    public boolean matches(MessageRecord m) {
        if (!tags.matches(m.tag())) {
            return false;
        }
        if (selector == null) {
            return true;
        }
        if (selectorTags != null) {
            return m.tag() != null && selectorTags.contains(m.tag());
        }
        return selector.matches(SelectorContext.of(m.id(), m.bornTimestamp(), m.tag(), m.properties()));
    }
}
