package dev.tyboo.spi.credential;

import dev.tyboo.error.ConcurrentUpdateException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@link CredentialStore} in memory; every call holds one lock. */
final class InMemoryCredentialStore implements CredentialStore {

  private final Map<String, StoredCredential> byKey = new LinkedHashMap<>();

  private static String key(String tenant, String id) {
    return tenant + "\u0000" + id;
  }

  @Override
  public synchronized void insert(StoredCredential c) {
    if (byKey.containsKey(key(c.tenant(), c.id()))
        || findByName(c.tenant(), c.type(), c.name()).isPresent()) {
      throw new ConcurrentUpdateException(
          "tenant '"
              + c.tenant()
              + "' already has a credential with id '"
              + c.id()
              + "' or a "
              + c.type()
              + " named '"
              + c.name()
              + "'");
    }
    byKey.put(key(c.tenant(), c.id()), c);
  }

  @Override
  public synchronized void update(StoredCredential c, long expectedVersion) {
    StoredCredential current = byKey.get(key(c.tenant(), c.id()));
    if (current == null || current.version() != expectedVersion) {
      throw new ConcurrentUpdateException(
          "credential '"
              + c.id()
              + "' of tenant '"
              + c.tenant()
              + "' changed or was deleted since it was read (expected version "
              + expectedVersion
              + ")");
    }
    byKey.put(key(c.tenant(), c.id()), c);
  }

  @Override
  public synchronized Optional<StoredCredential> find(String tenant, String id) {
    return Optional.ofNullable(byKey.get(key(tenant, id)));
  }

  @Override
  public synchronized Optional<StoredCredential> findByName(
      String tenant, String type, String name) {
    return byKey.values().stream()
        .filter(c -> c.tenant().equals(tenant) && c.type().equals(type) && c.name().equals(name))
        .findFirst();
  }

  @Override
  public synchronized List<StoredCredential> list(String tenant) {
    return byKey.values().stream()
        .filter(c -> c.tenant().equals(tenant))
        .sorted(Comparator.comparing(StoredCredential::type).thenComparing(StoredCredential::name))
        .toList();
  }

  @Override
  public synchronized List<StoredCredential> wrappedByOtherKeys(String keyId, int limit) {
    return byKey.values().stream().filter(c -> !c.keyId().equals(keyId)).limit(limit).toList();
  }

  @Override
  public synchronized boolean delete(String tenant, String id) {
    return byKey.remove(key(tenant, id)) != null;
  }
}
