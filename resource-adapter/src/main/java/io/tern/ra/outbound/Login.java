package io.tern.ra.outbound;

import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnectionFactory;
import jakarta.resource.spi.security.PasswordCredential;

import javax.security.auth.Subject;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.Objects;
import java.util.Set;

/**
 * Who a managed connection logs in as: the container's subject ({@link PasswordCredential} for this factory) wins,
 * then the application's request info, then the factory's {@code User}/{@code Password}.
 */
record Login(String user, String password) {
    static Login of(TernManagedConnectionFactory f, Subject subject, ConnectionRequestInfo info) {
        if (subject != null) {
            PasswordCredential pc = credentialFor(f, subject);
            if (pc != null) {
                return new Login(pc.getUserName(), pc.getPassword() == null ? null : new String(pc.getPassword()));
            }
        }
        if (info instanceof TernConnectionRequestInfo r && (r.user() != null || r.password() != null)) {
            return new Login(r.user(), r.password());
        }
        return new Login(f.settings().user(), f.settings().password());
    }

    @SuppressWarnings("removal")
    private static PasswordCredential credentialFor(ManagedConnectionFactory f, Subject subject) {
        return AccessController.doPrivileged((PrivilegedAction<PasswordCredential>) () -> {
            Set<PasswordCredential> creds = subject.getPrivateCredentials(PasswordCredential.class);
            for (PasswordCredential pc : creds) {
                if (pc.getManagedConnectionFactory() == null || Objects.equals(pc.getManagedConnectionFactory(), f)) {
                    return pc;
                }
            }
            return null;
        });
    }

    @Override
    public String toString() {
        return "Login[user=" + user + "]"; // never the password
    }
}
