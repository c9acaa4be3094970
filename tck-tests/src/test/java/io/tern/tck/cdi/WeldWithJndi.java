package io.tern.tck.cdi;

import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A Weld SE container over the given bean classes (discovery on, as in an application: Tern's CDI extension comes in
 * through {@code META-INF/services}; no archive of the test classpath has a beans.xml, so only these classes are
 * beans), with a {@code jndi.properties} holding {@code lines} on
 * the thread's context class loader while it runs, as an application ships one.
 */
final class WeldWithJndi implements AutoCloseable {
    private final ClassLoader before = Thread.currentThread().getContextClassLoader();
    private final URLClassLoader loader;
    final WeldContainer container;

    WeldWithJndi(Path dir, List<String> jndiLines, Class<?>... beans) {
        try {
            Files.write(dir.resolve("jndi.properties"), jndiLines);
            loader = new URLClassLoader(new URL[]{dir.toUri().toURL()}, before);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread.currentThread().setContextClassLoader(loader);
        try {
            container = new Weld("tck-" + UUID.randomUUID()).addBeanClasses(beans).initialize();
        } catch (RuntimeException e) {
            Thread.currentThread().setContextClassLoader(before);
            closeLoader();
            throw e;
        }
    }

    <T> T bean(Class<T> type) {
        return container.select(type).get();
    }

    @Override
    public void close() {
        try {
            if (container.isRunning()) {
                container.shutdown();
            }
        } finally {
            Thread.currentThread().setContextClassLoader(before);
            closeLoader();
        }
    }

    private void closeLoader() {
        try {
            loader.close();
        } catch (IOException e) {
            // a class loader over one temp directory: nothing worth reporting
        }
    }
}
