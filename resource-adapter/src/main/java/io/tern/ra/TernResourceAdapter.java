package io.tern.ra;

import io.tern.jms.internal.settings.FactorySettings;
import io.tern.ra.inbound.Activation;
import io.tern.ra.inbound.TernActivationSpec;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;
import jakarta.resource.spi.work.WorkManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.naming.NamingException;
import javax.transaction.xa.XAResource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Timer;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The resource adapter of {@code tern-ra.rar}. Its bean properties ({@link ConnectionSettings}) are the defaults of
 * every connection factory and activation spec of this adapter; each of those may override any of them.
 *
 * <p>Inbound: {@link #endpointActivation} starts an {@link Activation} (its sessions run as {@link WorkManager} work);
 * {@link #endpointDeactivation} stops it and waits for the {@code onMessage} calls in flight.
 *
 * <p>Recovery: {@link #getXAResources} gives the transaction manager one lazily connecting resource per login and
 * cluster of the given specs; outbound recovery goes through the managed connections' own XAResources.
 *
 * <p>Thread rules: the server calls start/stop once and (de)activation from any thread; activations are kept in a
 * concurrent map keyed by the (factory, spec) pair the spec names as the key.
 */
public class TernResourceAdapter extends ConnectionSettings implements ResourceAdapter {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TernResourceAdapter.class);

    private transient volatile BootstrapContext bootstrap;
    private transient volatile Timer timer;
    private final transient Map<Key, Activation> activations = new ConcurrentHashMap<>();
    private final transient Map<RecoveryKey, RecoveryXAResource> recovery = new ConcurrentHashMap<>();

    private record Key(MessageEndpointFactory factory, ActivationSpec spec) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.factory == factory && k.spec == spec; // identity: the spec's rule
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(factory) * 31 + System.identityHashCode(spec);
        }
    }

    @Override
    public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
        settings(null); // a bad combination fails the deployment here, naming the value
        this.bootstrap = ctx;
        try {
            this.timer = ctx.createTimer();
        } catch (jakarta.resource.spi.UnavailableException e) {
            throw new ResourceAdapterInternalException("the server gave the Tern resource adapter no timer: " + e.getMessage(), e);
        }
        LOG.info("Tern resource adapter started (NameServers {})", settings(null).nameServers());
    }

    @Override
    public void stop() {
        for (Key k : activations.keySet()) {
            Activation a = activations.remove(k);
            if (a != null) {
                a.stop();
            }
        }
        Timer t = timer;
        if (t != null) {
            t.cancel();
        }
        recovery.values().forEach(RecoveryXAResource::close);
        recovery.clear();
        LOG.info("Tern resource adapter stopped");
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        if (!(spec instanceof TernActivationSpec s)) {
            throw new ResourceException("the Tern resource adapter takes only " + TernActivationSpec.class.getName()
                    + ", got " + (spec == null ? "null" : spec.getClass().getName()));
        }
        s.validate();
        BootstrapContext ctx = bootstrap;
        if (ctx == null) {
            throw new ResourceException("the Tern resource adapter is not started: the server must call start() before endpointActivation()");
        }
        Activation a = new Activation(this, factory, s, ctx.getWorkManager(), timer);
        activations.put(new Key(factory, spec), a);
        a.start(); // never fails for a broker that is down: it retries with back-off
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        Activation a = activations.remove(new Key(factory, spec));
        if (a != null) {
            a.stop();
        }
    }

    /**
     * One recovery resource per distinct (NameServers, login) among {@code specs}: a broker lists a login's own
     * prepared branches only, and the MDBs' branches were made with their activation's login. The resources are kept
     * (a server may ask at every scan) and closed by {@link #stop()}; each connects on first use, so a broker that is
     * down at boot is no error here ({@link RecoveryXAResource}).
     */
    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        if (specs == null) {
            return new XAResource[0];
        }
        Map<RecoveryKey, XAResource> found = new LinkedHashMap<>();
        for (ActivationSpec spec : specs) {
            if (!(spec instanceof TernActivationSpec s)) {
                continue;
            }
            FactorySettings settings = recoverySettings(s);
            RecoveryKey key = new RecoveryKey(settings.nameServers(), settings.user(), settings.password());
            found.computeIfAbsent(key, k -> recovery.computeIfAbsent(k, x -> new RecoveryXAResource(settings)));
        }
        return found.values().toArray(new XAResource[0]);
    }

    private FactorySettings recoverySettings(TernActivationSpec s) {
        try {
            return Activation.settingsOf(this, s);
        } catch (NamingException | RuntimeException e) {
            LOG.warn("XA recovery for {}: its connection factory lookup failed ({}); recovering with the spec's own settings", s, e.getMessage());
            return s.settings(this);
        }
    }

    private record RecoveryKey(List<String> nameServers, String user, String password) {
        @Override
        public String toString() {
            return "RecoveryKey[" + nameServers + ", " + user + "]"; // never the password
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TernResourceAdapter r && sameSettings(r);
    }

    @Override
    public int hashCode() {
        return settingsHash();
    }
}
