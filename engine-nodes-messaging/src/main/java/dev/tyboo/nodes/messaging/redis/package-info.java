/**
 * Redis: {@link dev.tyboo.nodes.messaging.redis.RedisCommand} and {@link
 * dev.tyboo.nodes.messaging.redis.RedisStreamTrigger}, over a {@code redis} credential.
 */
package dev.tyboo.nodes.messaging.redis;
