package dev.tyboo.testkit.spi.key;

import dev.tyboo.spi.key.KeyProvider;
import dev.tyboo.spi.key.MasterKey;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;

/** {@link KeyProvider#fromKeyStore} on a real PKCS12 file meets the key provider contract. */
class KeyStoreKeyProviderTest extends KeyProviderContract {

  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir Path dir;

  @Override
  protected KeyProvider provider(MasterKey current, List<MasterKey> older) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, PASSWORD);
    KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(PASSWORD);
    store.setEntry(current.id(), new KeyStore.SecretKeyEntry(current.key()), protection);
    for (MasterKey k : older) {
      store.setEntry(k.id(), new KeyStore.SecretKeyEntry(k.key()), protection);
    }
    Path file = Files.createTempFile(dir, "keys", ".p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      store.store(out, PASSWORD);
    }
    return KeyProvider.fromKeyStore(file, PASSWORD, current.id());
  }
}
