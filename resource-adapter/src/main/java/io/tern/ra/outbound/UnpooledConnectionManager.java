package io.tern.ra.outbound;

import jakarta.resource.ResourceException;
import jakarta.resource.spi.ConnectionEvent;
import jakarta.resource.spi.ConnectionEventListener;
import jakarta.resource.spi.ConnectionManager;
import jakarta.resource.spi.ConnectionRequestInfo;
import jakarta.resource.spi.ManagedConnection;
import jakarta.resource.spi.ManagedConnectionFactory;

/**
 * The connection manager of a factory used outside a server (non-managed, Connectors spec 6.5.3.4): every
 * connection gets its own managed connection, destroyed when the application closes it.
 */
final class UnpooledConnectionManager implements ConnectionManager {
    private static final long serialVersionUID = 1L;

    @Override
    public Object allocateConnection(ManagedConnectionFactory mcf, ConnectionRequestInfo info) throws ResourceException {
        ManagedConnection mc = mcf.createManagedConnection(null, info);
        mc.addConnectionEventListener(new ConnectionEventListener() {
            @Override
            public void connectionClosed(ConnectionEvent e) {
                destroy(mc);
            }

            @Override
            public void connectionErrorOccurred(ConnectionEvent e) {
                destroy(mc);
            }

            @Override
            public void localTransactionStarted(ConnectionEvent e) {
            }

            @Override
            public void localTransactionCommitted(ConnectionEvent e) {
            }

            @Override
            public void localTransactionRolledback(ConnectionEvent e) {
            }
        });
        return mc.getConnection(null, info);
    }

    private static void destroy(ManagedConnection mc) {
        try {
            mc.destroy();
        } catch (ResourceException e) {
            // already gone
        }
    }
}
