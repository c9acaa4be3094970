package io.tern.ra.support;

import com.arjuna.ats.arjuna.common.CoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.RecoveryEnvironmentBean;
import com.arjuna.ats.arjuna.recovery.RecoveryManager;
import com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule;
import com.arjuna.ats.jta.common.JTAEnvironmentBean;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import com.arjuna.ats.jta.recovery.XAResourceRecoveryHelper;
import jakarta.transaction.TransactionManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Narayana in this JVM, set up once: its object store in a temp directory (deleted when the JVM exits), node
 * identifier {@code ra}, and a recovery manager without a thread of its own (tests run {@link #recoveryScan()}).
 * Narayana's settings are per JVM, so every XA test shares this one.
 */
public final class Narayana {
    private static TransactionManager tm;
    private static RecoveryManager recovery;

    private Narayana() {
    }

    public static synchronized TransactionManager transactionManager() {
        if (tm == null) {
            Path store = tempStore();
            BeanPopulator.getDefaultInstance(ObjectStoreEnvironmentBean.class).setObjectStoreDir(store.toString());
            for (String name : List.of("communicationStore", "stateStore")) {
                BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, name).setObjectStoreDir(store.toString());
            }
            try {
                BeanPopulator.getDefaultInstance(CoreEnvironmentBean.class).setNodeIdentifier("ra");
            } catch (com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException e) {
                throw new IllegalStateException(e);
            }
            BeanPopulator.getDefaultInstance(JTAEnvironmentBean.class).setXaRecoveryNodes(List.of("ra"));
            RecoveryEnvironmentBean r = BeanPopulator.getDefaultInstance(RecoveryEnvironmentBean.class);
            r.setRecoveryListener(false);
            r.setRecoveryBackoffPeriod(1);
            r.setPeriodicRecoveryPeriod(3600);
            r.setRecoveryModuleClassNames(List.of("com.arjuna.ats.internal.arjuna.recovery.AtomicActionRecoveryModule",
                    "com.arjuna.ats.internal.jta.recovery.arjunacore.XARecoveryModule"));
            r.setExpiryScannerClassNames(List.of());
            tm = com.arjuna.ats.jta.TransactionManager.transactionManager();
        }
        return tm;
    }

    /** The recovery manager (made on first use), with {@code helper} giving it XAResources to scan. */
    public static synchronized RecoveryManager recovery(XAResourceRecoveryHelper helper) {
        transactionManager();
        if (recovery == null) {
            RecoveryManager.delayRecoveryManagerThread();
            recovery = RecoveryManager.manager(RecoveryManager.INDIRECT_MANAGEMENT);
        }
        XARecoveryModule xa = XARecoveryModule.getRegisteredXARecoveryModule();
        xa.addXAResourceRecoveryHelper(helper);
        return recovery;
    }

    public static synchronized void removeHelper(XAResourceRecoveryHelper helper) {
        XARecoveryModule.getRegisteredXARecoveryModule().removeXAResourceRecoveryHelper(helper);
    }

    private static Path tempStore() {
        try {
            Path dir = Files.createTempDirectory("tern-ra-narayana-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // a temp directory left behind is harmless
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
