package io.tern.jms.internal.session;

import io.tern.jms.internal.consumer.Pending;
import io.tern.jms.internal.consumer.TernMessageConsumer;

/** A message handed to the application, and the consumer whose lease it is: what the acknowledger settles. */
record Delivery(TernMessageConsumer consumer, Pending pending) {
}
