/**
 * Trigger nodes: where a workflow begins. {@link dev.tyboo.nodes.trigger.ManualTrigger} for runs
 * started by hand or by the host; the webhook trigger lives in {@link dev.tyboo.nodes.webhook}.
 */
package dev.tyboo.nodes.trigger;
