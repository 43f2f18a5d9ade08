/**
 * Chat services over their HTTP APIs: {@link dev.tyboo.nodes.chat.Slack}, {@link
 * dev.tyboo.nodes.chat.Discord}, {@link dev.tyboo.nodes.chat.Telegram}, and their webhook triggers
 * {@link dev.tyboo.nodes.chat.SlackTrigger} and {@link dev.tyboo.nodes.chat.TelegramTrigger}.
 */
package dev.tyboo.nodes.chat;
