/**
 * Delayed messages and expiry: delivery times resolved on send ({@link io.tern.broker.internal.delay.DeliveryTimes}),
 * the schedule agent that moves due messages to their queues ({@link io.tern.broker.internal.delay.DelayTimer}) with its
 * checkpoint, and the gate that keeps expired messages from consumers ({@link io.tern.broker.internal.delay.ExpiryGate}).
 * See {@code docs/delay.md}.
 *
 * <p>Thread rules: the timer and its checkpoint on the timer agent's thread (stats and wake from any thread);
 * {@code DeliveryTimes} is immutable; {@code ExpiryGate} from any thread, its remembered set under its own monitor.
 */
package io.tern.broker.internal.delay;
