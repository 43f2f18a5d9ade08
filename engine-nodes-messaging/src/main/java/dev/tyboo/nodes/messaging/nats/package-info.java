/**
 * NATS: {@link dev.tyboo.nodes.messaging.nats.NatsPublish} (core or JetStream, message ids for
 * JetStream's deduplication) and {@link dev.tyboo.nodes.messaging.nats.NatsTrigger} (a JetStream
 * durable consumer acknowledging after the execution is stored, or a core subscription).
 */
package dev.tyboo.nodes.messaging.nats;
