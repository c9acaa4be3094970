package io.tern.jms.internal.context;

import jakarta.jms.IllegalStateException;
import jakarta.jms.IllegalStateRuntimeException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidClientIDRuntimeException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidDestinationRuntimeException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.InvalidSelectorRuntimeException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.JMSSecurityRuntimeException;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageFormatRuntimeException;
import jakarta.jms.MessageNotWriteableException;
import jakarta.jms.MessageNotWriteableRuntimeException;
import jakarta.jms.ResourceAllocationException;
import jakarta.jms.ResourceAllocationRuntimeException;
import jakarta.jms.TransactionInProgressException;
import jakarta.jms.TransactionInProgressRuntimeException;
import jakarta.jms.TransactionRolledBackException;
import jakarta.jms.TransactionRolledBackRuntimeException;

/**
 * The simplified API's one exception rule: every checked {@link JMSException} becomes the
 * {@link JMSRuntimeException} subclass of the same name (JMS 3.1 section 7.4), keeping the message, the error code
 * and the cause. Checked exceptions without a runtime twin ({@code MessageEOFException},
 * {@code MessageNotReadableException}) become a plain {@link JMSRuntimeException}.
 */
public final class RuntimeErrors {
    private RuntimeErrors() {
    }

    public static JMSRuntimeException wrap(JMSException e) {
        String m = e.getMessage();
        String code = e.getErrorCode();
        JMSRuntimeException r;
        if (e instanceof IllegalStateException) {
            r = new IllegalStateRuntimeException(m, code, e);
        } else if (e instanceof InvalidClientIDException) {
            r = new InvalidClientIDRuntimeException(m, code, e);
        } else if (e instanceof InvalidDestinationException) {
            r = new InvalidDestinationRuntimeException(m, code, e);
        } else if (e instanceof InvalidSelectorException) {
            r = new InvalidSelectorRuntimeException(m, code, e);
        } else if (e instanceof JMSSecurityException) {
            r = new JMSSecurityRuntimeException(m, code, e);
        } else if (e instanceof MessageFormatException) {
            r = new MessageFormatRuntimeException(m, code, e);
        } else if (e instanceof MessageNotWriteableException) {
            r = new MessageNotWriteableRuntimeException(m, code, e);
        } else if (e instanceof ResourceAllocationException) {
            r = new ResourceAllocationRuntimeException(m, code, e);
        } else if (e instanceof TransactionInProgressException) {
            r = new TransactionInProgressRuntimeException(m, code, e);
        } else if (e instanceof TransactionRolledBackException) {
            r = new TransactionRolledBackRuntimeException(m, code, e);
        } else {
            r = new JMSRuntimeException(m, code, e);
        }
        return r;
    }

    /** A JMS call that throws the checked form. */
    @FunctionalInterface
    public interface JmsCall<T> {
        T call() throws JMSException;
    }

    /** A JMS call without a result. */
    @FunctionalInterface
    public interface JmsAction {
        void run() throws JMSException;
    }

    /** Runs {@code c}, its checked exception translated. */
    public static <T> T call(JmsCall<T> c) {
        try {
            return c.call();
        } catch (JMSException e) {
            throw wrap(e);
        }
    }

    public static void run(JmsAction a) {
        try {
            a.run();
        } catch (JMSException e) {
            throw wrap(e);
        }
    }
}
