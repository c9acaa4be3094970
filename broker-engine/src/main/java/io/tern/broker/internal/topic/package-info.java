/**
 * Topics: the topic table and its file ({@link io.tern.broker.internal.topic.TopicTable}), CREATE_TOPIC and LIST_TOPICS,
 * deleting topics and the topics a connection owns ({@link io.tern.broker.internal.topic.TopicLifecycle}), and the
 * backlog limit ({@link io.tern.broker.internal.topic.BacklogGauge}). See {@code docs/broker.md} and {@code docs/backlog.md}.
 *
 * <p>Thread rules: the table is read from any thread and changed under its monitor; lifecycle on handler threads;
 * backlog admission from any thread, serialized per topic by that topic's tally monitor (memory only, no I/O).
 */
package io.tern.broker.internal.topic;
