package dev.tyboo.spi.credential;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link CredentialProvider} in memory, for tests and hosts with few, fixed secrets. */
public final class InMemoryCredentialProvider implements CredentialProvider {

  private final Map<String, Map<String, Object>> byKey = new ConcurrentHashMap<>();

  InMemoryCredentialProvider() {}

  /**
   * {@return this provider, now holding the credential}
   *
   * @param type the credential type, e.g. {@code httpHeaderAuth}
   * @param name the credential's name
   * @param data its data (JSON values), e.g. {@code {"name": "X-Api-Key", "value": "..."}}
   */
  public InMemoryCredentialProvider put(String type, String name, Map<String, ?> data) {
    byKey.put(
        key(type, name),
        Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(data, "data"))));
    return this;
  }

  @Override
  public Optional<Map<String, Object>> find(String type, String name) {
    return Optional.ofNullable(byKey.get(key(type, name)));
  }

  @Override
  public void update(String type, String name, Map<String, Object> data) {
    put(type, name, data);
  }

  private static String key(String type, String name) {
    return Objects.requireNonNull(type, "type") + "\u0000" + Objects.requireNonNull(name, "name");
  }
}
