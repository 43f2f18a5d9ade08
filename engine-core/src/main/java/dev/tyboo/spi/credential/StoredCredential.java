package dev.tyboo.spi.credential;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A credential as a {@link CredentialStore} keeps it: metadata in clear, the data encrypted. The
 * data is AES-256-GCM ciphertext under a random data key; the data key is itself encrypted
 * ("wrapped") by the master key {@code keyId}. Both are bound to tenant and id, so a row copied
 * under another tenant or id does not decrypt. {@link #toString()} shows no bytes.
 *
 * @param tenant the tenant that owns it
 * @param id its id, unique in the tenant
 * @param type the credential type, such as {@code httpBasicAuth}
 * @param name its name, unique per tenant and type; nodes refer to it by this name
 * @param keyId the id of the master key that wrapped the data key
 * @param wrappedKey the data key, encrypted by the master key (nonce and tag included)
 * @param ciphertext the data (JSON), encrypted by the data key (nonce and tag included)
 * @param createdAt when it was created
 * @param updatedAt when its data or key last changed
 * @param version 1 when created, one more at each change (optimistic concurrency)
 */
public record StoredCredential(
    String tenant,
    String id,
    String type,
    String name,
    String keyId,
    byte[] wrappedKey,
    byte[] ciphertext,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  /** Checks and copies the values. */
  public StoredCredential {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(keyId, "keyId");
    wrappedKey = wrappedKey.clone();
    ciphertext = ciphertext.clone();
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** {@return a copy of the wrapped data key} */
  @Override
  public byte[] wrappedKey() {
    return wrappedKey.clone();
  }

  /** {@return a copy of the encrypted data} */
  @Override
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StoredCredential s
        && tenant.equals(s.tenant)
        && id.equals(s.id)
        && type.equals(s.type)
        && name.equals(s.name)
        && keyId.equals(s.keyId)
        && Arrays.equals(wrappedKey, s.wrappedKey)
        && Arrays.equals(ciphertext, s.ciphertext)
        && createdAt.equals(s.createdAt)
        && updatedAt.equals(s.updatedAt)
        && version == s.version;
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, id, version);
  }

  @Override
  public String toString() {
    return "StoredCredential["
        + tenant
        + "/"
        + id
        + " "
        + type
        + " '"
        + name
        + "', key "
        + keyId
        + ", version "
        + version
        + "]";
  }
}
