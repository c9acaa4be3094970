package io.tern.jms.internal.message;

import jakarta.jms.MessageFormatException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which classes an {@link jakarta.jms.ObjectMessage} received from the broker may deserialize: Java deserialization of
 * untrusted bytes runs code, so only classes of trusted packages are resolved. Always trusted: {@code java.lang},
 * {@code java.util}, {@code java.time}, {@code java.math} (and their subpackages), primitive types and arrays of
 * trusted classes. More packages come from the factory setting {@value #SETTING} (URL option or bean property) and the
 * system property {@value #SYSTEM_PROPERTY}, both comma-separated lists; {@code *} trusts every class.
 *
 * <p>A class outside the list is refused with a {@link MessageFormatException} that names the class and both settings.
 * A message the application built itself is read back with {@link #TRUST_ALL}: its bytes came from its own objects.
 * Immutable and thread-safe.
 */
public final class DeserializationPolicy {
    /** The factory setting (URL option and bean property) that extends the list. */
    public static final String SETTING = "trustedPackages";
    /** The system property that extends the list, for every factory of the JVM. */
    public static final String SYSTEM_PROPERTY = "tern.jms.trustedPackages";
    /** Always trusted. */
    public static final List<String> BUILT_IN = List.of("java.lang", "java.util", "java.time", "java.math");

    /** The built-in packages only. */
    public static final DeserializationPolicy DEFAULT = new DeserializationPolicy(BUILT_IN, false);
    /** Every class (for messages the application made itself). */
    public static final DeserializationPolicy TRUST_ALL = new DeserializationPolicy(List.of("*"), true);

    private final List<String> packages;
    private final boolean all;

    private DeserializationPolicy(List<String> packages, boolean all) {
        this.packages = Collections.unmodifiableList(new ArrayList<>(packages));
        this.all = all;
    }

    /**
     * The built-in packages plus those of {@code trustedPackagesCsv} (comma-separated, blanks ignored; null or empty
     * adds none; {@code *} trusts all). A name that is not a Java package name is an {@link IllegalArgumentException}
     * naming it.
     */
    public static DeserializationPolicy parse(String trustedPackagesCsv) {
        Set<String> set = new LinkedHashSet<>(BUILT_IN);
        boolean all = false;
        if (trustedPackagesCsv != null) {
            for (String raw : trustedPackagesCsv.split(",")) {
                String p = raw.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.equals("*")) {
                    all = true;
                } else if (isPackageName(p)) {
                    set.add(p);
                } else {
                    throw new IllegalArgumentException(SETTING + ": \"" + p + "\" is not a Java package name"
                            + " (expected for example com.acme.orders, or * for every class)");
                }
            }
        }
        if (all) {
            set.add("*");
        }
        return new DeserializationPolicy(new ArrayList<>(set), all);
    }

    /** The policy of a factory: {@link #parse} of the factory setting and of the system property {@value #SYSTEM_PROPERTY}, combined. */
    public static DeserializationPolicy configured(String factorySetting) {
        String sys = System.getProperty(SYSTEM_PROPERTY);
        String combined = factorySetting == null ? sys : sys == null ? factorySetting : factorySetting + "," + sys;
        return parse(combined);
    }

    private static boolean isPackageName(String p) {
        for (String part : p.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))
                    || !part.chars().allMatch(Character::isJavaIdentifierPart)) {
                return false;
            }
        }
        return true;
    }

    /** The trusted packages, built-in ones first ({@code *} if all are). */
    public List<String> packages() {
        return packages;
    }

    /** True if the class named {@code className} (binary name, arrays as {@code [Lx.Y;}) may be deserialized. */
    public boolean trusts(String className) {
        if (all) {
            return true;
        }
        String name = className;
        while (name.startsWith("[")) {
            name = name.substring(1);
        }
        if (name.length() == 1) {
            return true; // primitive array component: [I, [B, ...
        }
        if (name.startsWith("L") && name.endsWith(";")) {
            name = name.substring(1, name.length() - 1);
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return false; // the default package is never trusted
        }
        String pkg = name.substring(0, dot);
        for (String p : packages) {
            if (pkg.equals(p) || pkg.startsWith(p + ".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Deserializes {@code bytes} (Java serialization) resolving only trusted classes through the thread's context
     * class loader (else this class's loader). An untrusted class is a {@link MessageFormatException} naming it and
     * the settings; corrupt bytes or a missing class are a {@link MessageFormatException} too.
     */
    public Serializable deserialize(byte[] bytes) throws MessageFormatException {
        try (ObjectInputStream in = new CheckedObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (Serializable) in.readObject();
        } catch (UntrustedClassException e) {
            MessageFormatException mfe = new MessageFormatException(e.getMessage());
            mfe.initCause(e);
            mfe.setLinkedException(e);
            throw mfe;
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            MessageFormatException mfe = new MessageFormatException("cannot deserialize the ObjectMessage body ("
                    + bytes.length + " bytes): " + e);
            mfe.initCause(e);
            mfe.setLinkedException(e);
            throw mfe;
        }
    }

    private String refusal(String className) {
        return "ObjectMessage body class " + className + " is not trusted for deserialization (trusted packages: "
                + String.join(", ", packages) + "). To allow it, add its package to the connection factory setting '"
                + SETTING + "' (URL option ?" + SETTING + "=com.example,...) or the system property '"
                + SYSTEM_PROPERTY + "'";
    }

    @Override
    public String toString() {
        return "DeserializationPolicy" + packages;
    }

    private static final class UntrustedClassException extends InvalidClassException {
        private static final long serialVersionUID = 1L;

        UntrustedClassException(String message) {
            super(message); // no class name: InvalidClassException.getMessage() then returns the message as it is
        }
    }

    /** Resolves only trusted classes. */
    private final class CheckedObjectInputStream extends ObjectInputStream {
        CheckedObjectInputStream(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            check(desc.getName());
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // fall back to the default resolution below
                }
            }
            return super.resolveClass(desc);
        }

        @Override
        protected Class<?> resolveProxyClass(String[] interfaces) throws IOException, ClassNotFoundException {
            for (String i : interfaces) {
                check(i);
            }
            return super.resolveProxyClass(interfaces);
        }

        private void check(String className) throws UntrustedClassException {
            if (!trusts(className)) {
                throw new UntrustedClassException(refusal(className));
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeserializationPolicy p && p.all == all && p.packages.equals(packages);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[]{packages, all});
    }
}
