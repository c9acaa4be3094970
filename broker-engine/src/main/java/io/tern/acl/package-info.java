/**
 * Access control shared by brokers and NameServers: the ACL file ({@link io.tern.acl.AclFile}), password hashes
 * ({@link io.tern.acl.PasswordHash}), the login check both run in the handshake ({@link io.tern.acl.AclAuthenticator}),
 * and the credentials a server presents when it is the client ({@link io.tern.acl.Login}). What each request needs is
 * the server's own policy: {@code io.tern.broker.acl.BrokerAccessPolicy}, {@code io.tern.namesrv.internal.NameServerAccessPolicy}.
 */
package io.tern.acl;
