/**
 * The request handlers of the message path and the checks in front of them: SEND and SEND_BATCH
 * ({@link io.tern.broker.internal.handler.SendHandler}), PULL ({@link io.tern.broker.internal.handler.PullHandler}) and the
 * answer size budget it shares with RECEIVE, CONSUMER_SEND_BACK and the retry/dead-letter copy
 * ({@link io.tern.broker.internal.handler.RetryAppender}), QUERY_MESSAGE, BROKER_LIMITS, and the name check of every
 * request ({@link io.tern.broker.internal.handler.RequestNames}). Handlers of one feature live in that feature's package.
 *
 * <p>Thread rules: handlers are stateless; SEND and the name check run on the Netty event loop and only enqueue (a send
 * that must create a topic goes to a handler thread first); the others run on handler threads.
 */
package io.tern.broker.internal.handler;
