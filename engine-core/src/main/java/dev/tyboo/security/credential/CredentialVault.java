package dev.tyboo.security.credential;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.error.CredentialDecryptionException;
import dev.tyboo.error.InvalidCredentialException;
import dev.tyboo.error.KeyUnavailableException;
import dev.tyboo.internal.crypto.Envelope;
import dev.tyboo.internal.crypto.Envelope.OpenFailedException;
import dev.tyboo.internal.crypto.Envelope.Sealed;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.CredentialStore;
import dev.tyboo.spi.credential.StoredCredential;
import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.Identifiers;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The encrypted credential vault. Each credential's data is encrypted with AES-256-GCM under its
 * own random data key; the data key is wrapped by the current master key of the {@link
 * KeyProvider}; the {@link CredentialStore} keeps only ciphertext, the key id and metadata. Tenant
 * and credential id are bound into both ciphertexts, so a row copied to another tenant or id fails
 * to decrypt ({@link CredentialDecryptionException}).
 *
 * <p>Callers get metadata ({@link CredentialInfo}), never data: data is decrypted only through
 * {@link #provider(String)}, which the engine asks on behalf of a node that declares the credential
 * type, for the duration of the call. Master-key rotation: make the new key current in the key
 * provider, keep the old one, call {@link #rewrap(int)} until it returns 0 (the data is not
 * re-encrypted, only its key), then drop the old key. Thread-safe.
 *
 * <pre>{@code
 * CredentialVault vault = CredentialVault.builder(CredentialStore.inMemory(), KeyProvider.fromEnvironment()).build();
 * vault.create("acme", "httpBearerAuth", "github", Map.of("token", token));
 * Engine engine = Engine.builder().credentials(vault.provider("acme")).build();
 * }</pre>
 */
public final class CredentialVault {

  private static final ObjectMapper JSON = JsonMappers.standard();

  private final CredentialStore store;
  private final KeyProvider keys;
  private final Map<String, CredentialType> types;
  private final Clock clock;
  private final Envelope envelope;

  private CredentialVault(Builder b) {
    this.store = b.store;
    this.keys = b.keys;
    this.types = Map.copyOf(b.types);
    this.clock = b.clock;
    this.envelope = new Envelope(b.random);
  }

  /**
   * {@return a builder; the built-in credential types are declared}
   *
   * @param store where the ciphertext lives
   * @param keys where master keys come from
   */
  public static Builder builder(CredentialStore store, KeyProvider keys) {
    return new Builder(store, keys);
  }

  /** {@return the declared credential types, by name} */
  public Map<String, CredentialType> types() {
    return types;
  }

  /**
   * Creates a credential.
   *
   * @param tenant the owning tenant
   * @param type a declared credential type
   * @param name its name, unique per tenant and type
   * @param data its data, fitting the type
   * @return its metadata
   * @throws InvalidCredentialException when the type is unknown or the data does not fit it
   * @throws dev.tyboo.error.ConcurrentUpdateException when the tenant has one of that type and name
   */
  public CredentialInfo create(String tenant, String type, String name, Map<String, ?> data) {
    Identifiers.require("tenant id", tenant);
    Identifiers.require("credential name", name);
    byte[] plaintext = validated(type, data);
    String id = UUID.randomUUID().toString();
    MasterKey key = keys.current();
    Sealed sealed = envelope.seal(key.key(), key.id(), owner(tenant, id), plaintext);
    java.util.Arrays.fill(plaintext, (byte) 0);
    Instant now = clock.now();
    StoredCredential c =
        new StoredCredential(
            tenant,
            id,
            type,
            name,
            key.id(),
            sealed.wrappedKey(),
            sealed.ciphertext(),
            now,
            now,
            1);
    store.insert(c);
    return info(c);
  }

  /**
   * Replaces a credential's data, under a new data key wrapped by the current master key.
   *
   * @param tenant the owning tenant
   * @param id the credential's id
   * @param data its new data, fitting its type
   * @return its metadata
   * @throws InvalidCredentialException when the data does not fit the type
   * @throws java.util.NoSuchElementException when the tenant has no such credential
   * @throws dev.tyboo.error.ConcurrentUpdateException when it changed meanwhile
   */
  public CredentialInfo update(String tenant, String id, Map<String, ?> data) {
    StoredCredential old = require(tenant, id);
    return replaceData(old, data);
  }

  private CredentialInfo replaceData(StoredCredential old, Map<String, ?> data) {
    byte[] plaintext = validated(old.type(), data);
    MasterKey key = keys.current();
    Sealed sealed = envelope.seal(key.key(), key.id(), owner(old.tenant(), old.id()), plaintext);
    java.util.Arrays.fill(plaintext, (byte) 0);
    StoredCredential c =
        new StoredCredential(
            old.tenant(),
            old.id(),
            old.type(),
            old.name(),
            key.id(),
            sealed.wrappedKey(),
            sealed.ciphertext(),
            old.createdAt(),
            clock.now(),
            old.version() + 1);
    store.update(c, old.version());
    return info(c);
  }

  /**
   * Deletes a credential.
   *
   * @param tenant the owning tenant
   * @param id the credential's id
   * @return whether it was there
   */
  public boolean delete(String tenant, String id) {
    return store.delete(tenant, id);
  }

  /**
   * {@return the tenant's credentials, metadata only, by type and name}
   *
   * @param tenant the tenant
   */
  public List<CredentialInfo> list(String tenant) {
    return store.list(tenant).stream().map(CredentialVault::info).toList();
  }

  /**
   * {@return a credential's metadata}
   *
   * @param tenant the tenant
   * @param id the credential's id
   */
  public Optional<CredentialInfo> info(String tenant, String id) {
    return store.find(tenant, id).map(CredentialVault::info);
  }

  /**
   * Re-wraps data keys under the current master key, a batch at a time; the data is not
   * re-encrypted. Run it after making a new master key current, until it returns 0.
   *
   * @param batchSize how many credentials to re-wrap in this call
   * @return how many were re-wrapped
   * @throws KeyUnavailableException when a credential's key id is not in the key provider
   */
  public int rewrap(int batchSize) {
    MasterKey current = keys.current();
    int done = 0;
    for (StoredCredential c : store.wrappedByOtherKeys(current.id(), batchSize)) {
      MasterKey old = masterKey(c);
      byte[] wrapped;
      try {
        wrapped =
            envelope.rewrap(
                old.key(),
                old.id(),
                current.key(),
                current.id(),
                owner(c.tenant(), c.id()),
                c.wrappedKey());
      } catch (OpenFailedException e) {
        throw tampered(c);
      }
      store.update(
          new StoredCredential(
              c.tenant(),
              c.id(),
              c.type(),
              c.name(),
              current.id(),
              wrapped,
              c.ciphertext(),
              c.createdAt(),
              clock.now(),
              c.version() + 1),
          c.version());
      done++;
    }
    return done;
  }

  /**
   * {@return the tenant's credentials for an engine's nodes: {@code find} decrypts one for the
   * duration of a node's call; {@code update} (a refreshed OAuth2 token) re-encrypts it}
   *
   * @param tenant the tenant whose executions the engine runs
   */
  public CredentialProvider provider(String tenant) {
    Identifiers.require("tenant id", tenant);
    return new CredentialProvider() {
      @Override
      public Optional<Map<String, Object>> find(String type, String name) {
        return store.findByName(tenant, type, name).map(CredentialVault.this::decrypt);
      }

      @Override
      public void update(String type, String name, Map<String, Object> data) {
        StoredCredential old =
            store
                .findByName(tenant, type, name)
                .orElseThrow(
                    () ->
                        new java.util.NoSuchElementException(
                            "tenant '"
                                + tenant
                                + "' has no "
                                + type
                                + " credential '"
                                + name
                                + "'"));
        replaceData(old, data);
      }

      @Override
      public String toString() {
        return "CredentialVault.provider(" + tenant + ")";
      }
    };
  }

  private Map<String, Object> decrypt(StoredCredential c) {
    MasterKey key = masterKey(c);
    byte[] plaintext;
    try {
      plaintext =
          envelope.open(
              key.key(),
              key.id(),
              owner(c.tenant(), c.id()),
              new Sealed(c.wrappedKey(), c.ciphertext()));
    } catch (OpenFailedException e) {
      throw tampered(c);
    }
    try {
      return JsonValues.freezeObject(JSON.readValue(plaintext, Map.class), "credential");
    } catch (java.io.IOException e) {
      throw tampered(c);
    } finally {
      java.util.Arrays.fill(plaintext, (byte) 0);
    }
  }

  private MasterKey masterKey(StoredCredential c) {
    return keys.find(c.keyId())
        .orElseThrow(
            () ->
                new KeyUnavailableException(
                    "credential '"
                        + c.id()
                        + "' of tenant '"
                        + c.tenant()
                        + "' is wrapped by master key '"
                        + c.keyId()
                        + "', which the key provider does not have"));
  }

  private static CredentialDecryptionException tampered(StoredCredential c) {
    return new CredentialDecryptionException(
        "credential '"
            + c.id()
            + "' of tenant '"
            + c.tenant()
            + "' does not decrypt: it was altered, moved to another tenant or id, or master key '"
            + c.keyId()
            + "' is not the key that wrapped it");
  }

  private StoredCredential require(String tenant, String id) {
    return store
        .find(tenant, id)
        .orElseThrow(
            () ->
                new java.util.NoSuchElementException(
                    "tenant '" + tenant + "' has no credential '" + id + "'"));
  }

  private byte[] validated(String typeName, Map<String, ?> data) {
    CredentialType type = types.get(typeName);
    if (type == null) {
      throw new InvalidCredentialException(
          "unknown credential type '" + typeName + "'; declared: " + types.keySet());
    }
    Objects.requireNonNull(data, "data");
    Map<String, PropertySpec> fields = new LinkedHashMap<>();
    type.fields().forEach(f -> fields.put(f.name(), f));
    for (String key : data.keySet()) {
      if (!fields.containsKey(key)) {
        throw new InvalidCredentialException(
            typeName + " has no field '" + key + "'; it has " + fields.keySet());
      }
    }
    for (PropertySpec f : type.fields()) {
      Object v = data.get(f.name());
      if (v == null) {
        if (f.isRequired()) {
          throw new InvalidCredentialException(typeName + " needs the field '" + f.name() + "'");
        }
      } else if (!f.type().accepts(v)) {
        throw new InvalidCredentialException(
            typeName + " field '" + f.name() + "' must be " + f.type().jsonSchemaType());
      }
    }
    try {
      return JSON.writeValueAsBytes(JsonValues.freezeObject(data, "credential"));
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidCredentialException(typeName + " data is not JSON");
    }
  }

  private static String owner(String tenant, String id) {
    return tenant + "\u0000" + id;
  }

  private static CredentialInfo info(StoredCredential c) {
    return new CredentialInfo(
        c.tenant(),
        c.id(),
        c.type(),
        c.name(),
        c.keyId(),
        c.createdAt(),
        c.updatedAt(),
        c.version());
  }

  /** Configures a {@link CredentialVault}. */
  public static final class Builder {
    private final CredentialStore store;
    private final KeyProvider keys;
    private final Map<String, CredentialType> types = new LinkedHashMap<>();
    private Clock clock = Clock.system();
    private SecureRandom random = new SecureRandom();

    private Builder(CredentialStore store, KeyProvider keys) {
      this.store = Objects.requireNonNull(store, "store");
      this.keys = Objects.requireNonNull(keys, "keys");
      CredentialType.builtIn().forEach(this::type);
    }

    /**
     * {@return this builder}
     *
     * @param type a credential type to declare (replaces a declared one of the same name)
     */
    public Builder type(CredentialType type) {
      types.put(type.name(), type);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param clock the source of created and updated times
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param random where data keys and nonces come from; a {@link SecureRandom} by default
     */
    public Builder random(SecureRandom random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** {@return the vault} */
    public CredentialVault build() {
      return new CredentialVault(this);
    }
  }
}
