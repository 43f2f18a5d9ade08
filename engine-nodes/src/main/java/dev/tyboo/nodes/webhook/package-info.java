/**
 * Webhooks: the {@link dev.tyboo.nodes.webhook.Webhook} trigger, the {@link
 * dev.tyboo.nodes.webhook.RespondToWebhook} node, and the {@link
 * dev.tyboo.nodes.webhook.WebhookDispatcher} that any host HTTP layer calls with a {@link
 * dev.tyboo.nodes.webhook.WebhookRequest} to start a workflow and get its {@link
 * dev.tyboo.nodes.webhook.WebhookResponse}.
 */
package dev.tyboo.nodes.webhook;
