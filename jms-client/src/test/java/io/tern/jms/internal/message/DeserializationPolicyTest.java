package io.tern.jms.internal.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which class names a policy trusts, and how the setting parses. */
class DeserializationPolicyTest {
    @ParameterizedTest(name = "default policy trusts {0}: {1}")
    @CsvSource(textBlock = """
            java.lang.String,                 true
            java.util.ArrayList,              true
            java.util.concurrent.atomic.AtomicLong, true
            java.time.Instant,                true
            java.math.BigInteger,             true
            [I,                               true
            [[Ljava.lang.String;,             true
            java.langx.Evil,                  false
            javax.management.BadAttributeValueExpException, false
            org.apache.commons.collections.functors.InvokerTransformer, false
            [Lcom.acme.Order;,                false
            NoPackage,                        false
            """)
    void defaultPolicyTrustsOnlyTheBuiltInPackages(String className, boolean trusted) {
        assertThat(DeserializationPolicy.DEFAULT.trusts(className)).isEqualTo(trusted);
    }

    @Test
    void settingAddsPackagesAndTheirSubpackages() {
        DeserializationPolicy p = DeserializationPolicy.parse("com.acme,,org.x ");
        assertThat(p.trusts("com.acme.Order")).isTrue();
        assertThat(p.trusts("com.acme.orders.Line")).isTrue();
        assertThat(p.trusts("com.acmex.Order")).isFalse();
        assertThat(p.trusts("org.x.Y")).isTrue();
        assertThat(p.trusts("java.util.List")).isTrue();
        assertThat(p.packages()).containsExactly("java.lang", "java.util", "java.time", "java.math", "com.acme", "org.x");
    }

    @Test
    void nullOrEmptySettingIsTheDefault() {
        assertThat(DeserializationPolicy.parse(null)).isEqualTo(DeserializationPolicy.DEFAULT);
        assertThat(DeserializationPolicy.parse(" ")).isEqualTo(DeserializationPolicy.DEFAULT);
    }

    @ParameterizedTest(name = "\"{0}\" is not a package name")
    @ValueSource(strings = {"com..acme", "com.acme.", "1com", "com/acme", "com.*"})
    void malformedPackageIsIllegalArgumentExceptionNamingIt(String bad) {
        assertThatThrownBy(() -> DeserializationPolicy.parse("com.ok," + bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad).hasMessageContaining("trustedPackages");
    }

    @Test
    void systemPropertyExtendsTheFactorySetting() {
        String old = System.getProperty(DeserializationPolicy.SYSTEM_PROPERTY);
        System.setProperty(DeserializationPolicy.SYSTEM_PROPERTY, "org.sys");
        try {
            DeserializationPolicy p = DeserializationPolicy.configured("com.factory");
            assertThat(p.trusts("org.sys.A")).isTrue();
            assertThat(p.trusts("com.factory.B")).isTrue();
            assertThat(p.trusts("net.other.C")).isFalse();
            assertThat(DeserializationPolicy.configured(null).trusts("org.sys.A")).isTrue();
        } finally {
            if (old == null) {
                System.clearProperty(DeserializationPolicy.SYSTEM_PROPERTY);
            } else {
                System.setProperty(DeserializationPolicy.SYSTEM_PROPERTY, old);
            }
        }
    }
}
