/**
 * Email: {@link dev.tyboo.nodes.messaging.email.SendEmail} over SMTP and {@link
 * dev.tyboo.nodes.messaging.email.EmailTrigger} over IMAP (Jakarta Mail, Eclipse Angus).
 */
package dev.tyboo.nodes.messaging.email;
