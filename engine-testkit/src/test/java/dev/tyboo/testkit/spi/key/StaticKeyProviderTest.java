package dev.tyboo.testkit.spi.key;

import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import java.util.List;

/** {@link KeyProvider#of} meets the key provider contract. */
class StaticKeyProviderTest extends KeyProviderContract {

  @Override
  protected KeyProvider provider(MasterKey current, List<MasterKey> older) {
    return KeyProvider.of(current, older.toArray(MasterKey[]::new));
  }
}
