package dev.tyboo.spi.key;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A {@link KeyProvider} over keys fixed when it is made. */
final class StaticKeyProvider implements KeyProvider {

  private final MasterKey current;
  private final Map<String, MasterKey> byId;

  StaticKeyProvider(MasterKey current, List<MasterKey> older) {
    this.current = Objects.requireNonNull(current, "current");
    Map<String, MasterKey> keys = new LinkedHashMap<>();
    keys.put(current.id(), current);
    for (MasterKey k : older) {
      if (keys.putIfAbsent(k.id(), k) != null) {
        throw new IllegalArgumentException("two master keys share the id '" + k.id() + "'");
      }
    }
    this.byId = Map.copyOf(keys);
  }

  @Override
  public MasterKey current() {
    return current;
  }

  @Override
  public Optional<MasterKey> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  @Override
  public String toString() {
    return "KeyProvider" + byId.keySet() + ", current " + current.id();
  }
}
