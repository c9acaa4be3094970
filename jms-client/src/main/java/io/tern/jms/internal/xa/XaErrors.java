package io.tern.jms.internal.xa;

import io.tern.jms.internal.util.JmsErrors;
import io.tern.protocol.ResponseCode;

import javax.transaction.xa.XAException;

/**
 * The XA error codes a transaction manager acts on, from the native client's failures.
 * <pre>
 *   failure                                   prepare / one-phase commit   two-phase commit   rollback
 *   no answer (lost connection, timeout)      XAER_RMFAIL                  XAER_RMFAIL        XAER_RMFAIL
 *   TX_UNKNOWN (no broker knows the branch)   XAER_NOTA                    XAER_NOTA          XAER_NOTA
 *   TX_CONFLICT (records missing, lease lost) XA_RBROLLBACK (rolled back)  XAER_PROTO         XAER_PROTO
 *   SYSTEM_BUSY, STORE_UNAVAILABLE            XAER_RMERR (rolled back)     XA_RETRY           XAER_RMFAIL
 *   anything else                             XAER_RMERR                   XAER_RMERR         XAER_RMERR
 * </pre>
 * Every XAException carries a message naming the branch and the broker's reason, and the failure as its cause.
 */
final class XaErrors {
    private XaErrors() {
    }

    static XAException of(int code, String message) {
        XAException e = new XAException(message + " (" + name(code) + ")");
        e.errorCode = code;
        return e;
    }

    static XAException of(int code, String message, Throwable cause) {
        XAException e = of(code, message);
        e.initCause(cause);
        return e;
    }

    enum Step { PREPARE, ONE_PHASE_COMMIT, COMMIT, ROLLBACK, RECOVER }

    /** The code for {@code failure} of {@code step}, as the table above says. */
    static int codeFor(Step step, Throwable failure) {
        Throwable t = JmsErrors.unwrap(failure);
        short code = JmsErrors.codeOf(t);
        if (code == -1) {
            return XAException.XAER_RMFAIL;
        }
        if (code == ResponseCode.TX_UNKNOWN) {
            return XAException.XAER_NOTA;
        }
        boolean onePhase = step == Step.PREPARE || step == Step.ONE_PHASE_COMMIT;
        if (code == ResponseCode.TX_CONFLICT) {
            return onePhase ? XAException.XA_RBROLLBACK : step == Step.RECOVER ? XAException.XAER_RMERR : XAException.XAER_PROTO;
        }
        if (code == ResponseCode.SYSTEM_BUSY || code == ResponseCode.STORE_UNAVAILABLE) {
            return switch (step) {
                case COMMIT -> XAException.XA_RETRY;
                case ROLLBACK, RECOVER -> XAException.XAER_RMFAIL;
                default -> XAException.XAER_RMERR;
            };
        }
        return XAException.XAER_RMERR;
    }

    static String name(int code) {
        return switch (code) {
            case XAException.XA_RBROLLBACK -> "XA_RBROLLBACK";
            case XAException.XA_RBTIMEOUT -> "XA_RBTIMEOUT";
            case XAException.XA_RETRY -> "XA_RETRY";
            case XAException.XA_RDONLY -> "XA_RDONLY";
            case XAException.XAER_RMERR -> "XAER_RMERR";
            case XAException.XAER_NOTA -> "XAER_NOTA";
            case XAException.XAER_INVAL -> "XAER_INVAL";
            case XAException.XAER_PROTO -> "XAER_PROTO";
            case XAException.XAER_RMFAIL -> "XAER_RMFAIL";
            case XAException.XAER_DUPID -> "XAER_DUPID";
            case XAException.XAER_OUTSIDE -> "XAER_OUTSIDE";
            default -> "XA error " + code;
        };
    }
}
