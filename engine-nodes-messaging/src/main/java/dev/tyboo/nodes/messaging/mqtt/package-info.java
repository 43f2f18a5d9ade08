/**
 * MQTT 3.1.1: {@link dev.tyboo.nodes.messaging.mqtt.MqttPublish} and {@link
 * dev.tyboo.nodes.messaging.mqtt.MqttTrigger}, over an {@code mqtt} credential.
 */
package dev.tyboo.nodes.messaging.mqtt;
