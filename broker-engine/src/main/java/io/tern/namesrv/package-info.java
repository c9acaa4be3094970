/**
 * The NameServer and the broker's registration with it. Public: {@link io.tern.namesrv.NameServer} (with its
 * {@link io.tern.namesrv.NameServerConfig}) and {@link io.tern.namesrv.BrokerRegistrar}. The route table, request
 * handlers and expiry scan are in {@code io.tern.namesrv.internal}. Wire formats: {@code io.tern.protocol}
 * ({@code BrokerRegistration}, {@code TopicRoute}, {@code ClusterInfo}).
 */
package io.tern.namesrv;
