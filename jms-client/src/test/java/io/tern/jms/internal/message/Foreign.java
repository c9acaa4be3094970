package io.tern.jms.internal.message;

import jakarta.jms.Destination;
import jakarta.jms.MessageEOFException;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Another provider's messages and destinations, as dynamic proxies over the jakarta.jms interfaces: getters answer
 * from a map keyed by method name, properties and map entries from their own maps, stream values from a list.
 */
final class Foreign {
    private Foreign() {
    }

    static final class Spec {
        final Map<String, Object> answers = new HashMap<>();
        final Map<String, Object> properties = new LinkedHashMap<>();
        final Map<String, Object> entries = new LinkedHashMap<>();
        List<Object> stream = List.of();
        byte[] bytes = new byte[0];
        int bytesRead;
        boolean resetCalled;

        Spec answer(String method, Object value) {
            answers.put(method, value);
            return this;
        }

        Spec property(String name, Object value) {
            properties.put(name, value);
            return this;
        }
    }

    @SuppressWarnings("unchecked")
    static <T extends jakarta.jms.Message> T message(Class<T> type, Spec spec) {
        Deque<Object> streamLeft = new ArrayDeque<>();
        return (T) Proxy.newProxyInstance(Foreign.class.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            String name = method.getName();
            switch (name) {
                case "getPropertyNames":
                    return Collections.enumeration(spec.properties.keySet());
                case "getObjectProperty":
                    return spec.properties.get((String) args[0]);
                case "getMapNames":
                    return Collections.enumeration(spec.entries.keySet());
                case "getObject":
                    return args == null ? spec.answers.get("getObject") : spec.entries.get((String) args[0]);
                case "reset":
                    spec.resetCalled = true;
                    spec.bytesRead = 0;
                    streamLeft.clear();
                    spec.stream.forEach(v -> streamLeft.add(v == null ? NULL : v));
                    return null;
                case "getBodyLength":
                    return (long) spec.bytes.length;
                case "readBytes": // hands out at most 2 bytes per call, as a provider may
                    byte[] buf = (byte[]) args[0];
                    int n = Math.min(Math.min(2, buf.length), spec.bytes.length - spec.bytesRead);
                    if (n <= 0) {
                        return -1;
                    }
                    System.arraycopy(spec.bytes, spec.bytesRead, buf, 0, n);
                    spec.bytesRead += n;
                    return n;
                case "readObject":
                    if (streamLeft.isEmpty()) {
                        throw new MessageEOFException("end");
                    }
                    Object next = streamLeft.poll();
                    return next == NULL ? null : next;
                case "toString":
                    return "Foreign" + type.getSimpleName();
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    break;
            }
            if (spec.answers.containsKey(name)) {
                return spec.answers.get(name);
            }
            Class<?> r = method.getReturnType();
            if (r == boolean.class) {
                return false;
            }
            if (r == int.class) {
                return name.equals("getJMSPriority") ? 4 : name.equals("getJMSDeliveryMode") ? 2 : 0;
            }
            if (r == long.class) {
                return 0L;
            }
            return null;
        });
    }

    /** Stands for a null stream value (an ArrayDeque holds no nulls). */
    private static final Object NULL = new Object();

    @SuppressWarnings("unchecked")
    static <T extends Destination> T destination(Class<T> type, String name) {
        return (T) Proxy.newProxyInstance(Foreign.class.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "getQueueName", "getTopicName" -> name;
                    case "toString" -> "ForeignDestination(" + name + ")";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
