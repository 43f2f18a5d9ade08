/**
 * Message broker nodes; {@link dev.tyboo.nodes.messaging.MessagingNodes} is the catalogue, and
 * {@link dev.tyboo.nodes.trigger.Triggers} runs the triggers.
 */
package dev.tyboo.nodes.messaging;
