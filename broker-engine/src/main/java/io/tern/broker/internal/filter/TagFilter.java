package io.tern.broker.internal.filter;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tag subscription: {@code "*"} (or none) takes every message; {@code "a || b"} takes messages tagged a or b.
 * Immutable.
 */
public record TagFilter(Set<String> tags) {
    public static final TagFilter ALL = new TagFilter(null);

    public static TagFilter parse(String expression) {
        if (expression == null || expression.isBlank() || expression.trim().equals("*")) {
            return ALL;
        }
        Set<String> tags = Arrays.stream(expression.split("\\|\\|")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("tag expression '" + expression + "' names no tag; use '*' for all or 'a || b'");
        }
        return new TagFilter(tags);
    }

    public boolean matches(String tag) {
        return tags == null || (tag != null && tags.contains(tag));
    }
}
