/**
 * SPI for secrets: the {@link dev.tyboo.spi.credential.CredentialProvider} that nodes' credential
 * references are resolved through at run time.
 */
package dev.tyboo.spi.credential;
