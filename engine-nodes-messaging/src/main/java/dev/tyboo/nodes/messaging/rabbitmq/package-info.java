/**
 * RabbitMQ: {@link dev.tyboo.nodes.messaging.rabbitmq.RabbitMqPublish} and {@link
 * dev.tyboo.nodes.messaging.rabbitmq.RabbitMqTrigger}, over a {@code rabbitmq} credential.
 */
package dev.tyboo.nodes.messaging.rabbitmq;
