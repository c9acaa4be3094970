package io.tern.tck.harness;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link Jms} over one {@link EmbeddedTern} shared by the whole run (started on first use, closed when
 * JUnit's root context closes). Tests isolate themselves by destination names ({@link Jms#unique}), not brokers:
 * starting a broker per class would cost more than most tests.
 * <pre>
 *   &#64;ExtendWith(TernExtension.class)
 *   class SomeRuleTest {
 *       &#64;Test void rule(Jms jms) throws Exception { try (Connection c = jms.factory().createConnection()) { ... } }
 *   }
 * </pre>
 */
public final class TernExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(TernExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Jms.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        Shared shared = c.getRoot().getStore(NS).getOrComputeIfAbsent(Shared.class, k -> new Shared(), Shared.class);
        return new Jms(shared.tern);
    }

    /** The run's broker, closed with JUnit's root context. */
    static final class Shared implements ExtensionContext.Store.CloseableResource {
        final EmbeddedTern tern = new EmbeddedTern();

        @Override
        public void close() {
            tern.close();
        }
    }
}
