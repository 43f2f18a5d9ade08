/**
 * Time-based one-time passwords (RFC 6238) for hosts that add two-factor sign-in: {@link
 * dev.tyboo.security.totp.Totp} makes secrets and {@code otpauth://} URIs and verifies codes with
 * replay protection; {@link dev.tyboo.security.totp.RecoveryCodes} makes and checks hashed recovery
 * codes.
 */
package dev.tyboo.security.totp;
