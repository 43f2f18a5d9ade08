/**
 * The encrypted credential vault: {@link dev.tyboo.security.credential.CredentialVault} creates,
 * updates, lists (metadata only) and deletes credentials of declared {@link
 * dev.tyboo.security.credential.CredentialType}s, keeps them encrypted in a {@code CredentialStore}
 * under master keys from a {@code KeyProvider}, and lends them to nodes as a {@code
 * CredentialProvider}.
 */
package dev.tyboo.security.credential;
