/** Envelope encryption for the credential vault. */
package dev.tyboo.internal.crypto;
