package io.tern.jms.internal.util;

import io.tern.client.TernClientException;
import io.tern.protocol.ResponseCode;
import io.tern.remoting.RemotingException;
import jakarta.jms.InvalidClientIDException;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.InvalidSelectorException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.ResourceAllocationException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns the native client's failures into JMS exceptions, keeping the broker's reason and code, and waits for
 * provider futures. The one place that knows which response code is which JMS exception.
 */
public final class JmsErrors {
    private JmsErrors() {
    }

    /** {@code what} failed because of {@code t}: the JMS exception to throw. */
    public static JMSException toJms(String what, Throwable t) {
        Throwable c = unwrap(t);
        if (c instanceof JMSException j) {
            return j;
        }
        short code = codeOf(c);
        String message = what + " failed: " + c.getMessage();
        JMSException e;
        if (code == ResponseCode.AUTH_FAILED || code == ResponseCode.NO_PERMISSION) {
            e = new JMSSecurityException(message, Short.toString(code));
        } else if (code == ResponseCode.CLIENT_ID_IN_USE) {
            e = new InvalidClientIDException(message, Short.toString(code));
        } else if (code == ResponseCode.TOPIC_NOT_FOUND || code == ResponseCode.TOPIC_DELETED) {
            e = new InvalidDestinationException(message, Short.toString(code));
        } else if (code == ResponseCode.BACKLOG_FULL) {
            // the topic is at its maxBacklogMessages: the broker cannot take more now (docs/backlog.md)
            e = new ResourceAllocationException(message, Short.toString(code));
        } else if (c instanceof IllegalArgumentException && c.getMessage() != null && c.getMessage().startsWith("invalid selector")) {
            e = new InvalidSelectorException(message);
        } else {
            e = new JMSException(message, code == -1 ? null : Short.toString(code));
        }
        e.setLinkedException(c instanceof Exception ex ? ex : new Exception(c));
        e.initCause(c);
        return e;
    }

    /** The broker's response code in {@code t}'s chain, or -1 if no broker answered. */
    public static short codeOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TernClientException tce && tce.code() != -1) {
                return tce.code();
            }
            if (c instanceof RemotingException.Refused r) {
                return r.code();
            }
        }
        return -1;
    }

    /** True if no broker answered (lost connection, timeout): the outcome of the call is unknown. */
    public static boolean noAnswer(Throwable t) {
        return codeOf(unwrap(t)) == -1;
    }

    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** Waits for {@code f} up to {@code timeoutMillis}; a failure or timeout is a JMS exception about {@code what}. */
    public static <T> T await(CompletableFuture<T> f, long timeoutMillis, String what) throws JMSException {
        try {
            return f.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw toJms(what, new RemotingException("interrupted while waiting"));
        } catch (ExecutionException e) {
            throw toJms(what, e.getCause());
        } catch (TimeoutException e) {
            throw toJms(what, new RemotingException("no answer within " + timeoutMillis + " ms (sendTimeout)"));
        }
    }
}
