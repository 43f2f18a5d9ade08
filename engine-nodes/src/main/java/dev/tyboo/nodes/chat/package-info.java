/**
 * Chat services over their HTTP APIs: {@link dev.tyboo.nodes.chat.Slack}, {@link
 * dev.tyboo.nodes.chat.Discord}, {@link dev.tyboo.nodes.chat.Telegram}.
 */
package dev.tyboo.nodes.chat;
