package io.tern.jms.internal.connection;

import jakarta.jms.ConnectionMetaData;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;

/**
 * What a Tern connection tells about itself: Jakarta Messaging 3.1, the provider's version (from the build), and the
 * JMSX properties it supports: JMSXDeliveryCount (the lease's delivery count), JMSXGroupID (the sharding key) and
 * JMSXGroupSeq (carried as set). Immutable.
 */
public final class TernConnectionMetaData implements ConnectionMetaData {
    public static final TernConnectionMetaData INSTANCE = new TernConnectionMetaData();
    static final List<String> JMSX_PROPERTIES = io.tern.jms.internal.message.MessageMapping.SUPPORTED_JMSX;

    private final String version;

    private TernConnectionMetaData() {
        this.version = readVersion();
    }

    private static String readVersion() {
        Properties p = new Properties();
        try (InputStream in = TernConnectionMetaData.class.getResourceAsStream("/io/tern/jms/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }

    @Override
    public String getJMSVersion() {
        return "3.1";
    }

    @Override
    public int getJMSMajorVersion() {
        return 3;
    }

    @Override
    public int getJMSMinorVersion() {
        return 1;
    }

    @Override
    public String getJMSProviderName() {
        return "Tern";
    }

    @Override
    public String getProviderVersion() {
        return version;
    }

    /** The provider version's leading number ("0.1.0-SNAPSHOT": 0). */
    @Override
    public int getProviderMajorVersion() {
        return part(0);
    }

    @Override
    public int getProviderMinorVersion() {
        return part(1);
    }

    private int part(int i) {
        String[] parts = version.split("[.-]");
        try {
            return parts.length > i ? Integer.parseInt(parts[i]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public Enumeration<String> getJMSXPropertyNames() {
        return Collections.enumeration(JMSX_PROPERTIES);
    }
}
