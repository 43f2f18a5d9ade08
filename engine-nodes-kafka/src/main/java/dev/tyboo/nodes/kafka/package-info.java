/**
 * Apache Kafka: {@link dev.tyboo.nodes.kafka.KafkaPublish} and {@link
 * dev.tyboo.nodes.kafka.KafkaTrigger}, and their catalogue {@link
 * dev.tyboo.nodes.kafka.KafkaNodes}.
 */
package dev.tyboo.nodes.kafka;
