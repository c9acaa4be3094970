/**
 * Consumer groups: live members and their heartbeats ({@link io.tern.broker.internal.group.GroupMembers},
 * {@link io.tern.broker.internal.group.ConsumerHandlers}), opening and deleting groups and the groups a connection owns
 * ({@link io.tern.broker.internal.group.GroupLifecycle}, {@link io.tern.broker.internal.group.EphemeralGroups}),
 * RESET_GROUP, DESCRIBE_GROUP and QUERY_DELIVERY_STATE, and JMS client ids ({@link io.tern.broker.internal.group.ClientIds}).
 * See {@code docs/lifecycle.md}.
 *
 * <p>Thread rules: handler threads and the connection-close path (handed to a handler thread); the member, owner and
 * client-id maps change only in per-key atomic steps, so "the last owner left" and "who won the id" are decided once.
 */
package io.tern.broker.internal.group;
