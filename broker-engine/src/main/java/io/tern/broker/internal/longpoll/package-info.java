/**
 * Requests held until there is something for them: offset-mode pulls by queue
 * ({@link io.tern.broker.internal.longpoll.LongPollHolder}) and lease-mode receives by topic
 * ({@link io.tern.broker.internal.longpoll.ReceiveWaiters}), both on the hold/timer/release machine
 * {@link io.tern.broker.internal.longpoll.HeldRequests}; {@link io.tern.broker.internal.longpoll.DispatchFanout} hands
 * each dispatch to every listener.
 *
 * <p>Thread rules: holds and wakes from handler threads; dispatch events from the store's dispatcher thread, which only
 * looks up and hands off; serving on the handler executor (or the timer thread for a timed-out hold). A held request is
 * taken out before it is served, so one thread serves it once.
 */
package io.tern.broker.internal.longpoll;
