/**
 * What a subscription takes: tags first, then a compiled selector
 * ({@link io.tern.broker.internal.filter.SubscriptionFilter}, {@link io.tern.broker.internal.filter.TagFilter}), with
 * compiled selectors cached ({@link io.tern.broker.internal.filter.SelectorCache}).
 *
 * <p>Thread rules: filters are immutable; the cache from any thread, its map under its own monitor (compiling outside it).
 */
package io.tern.broker.internal.filter;
