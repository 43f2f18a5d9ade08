package dev.tyboo.spi.key;

import dev.tyboo.error.KeyUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.crypto.SecretKey;

/** Reads master keys from a PKCS12 key store. */
final class KeyStoreKeys {

  private KeyStoreKeys() {}

  static KeyProvider load(Path file, char[] password, String currentAlias) {
    KeyStore store;
    try (InputStream in = Files.newInputStream(file)) {
      store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new KeyUnavailableException(
          "cannot read the key store "
              + file
              + " (missing file or wrong password): "
              + e.getClass().getSimpleName());
    }
    try {
      MasterKey current = null;
      List<MasterKey> older = new ArrayList<>();
      for (String alias : Collections.list(store.aliases())) {
        if (!store.entryInstanceOf(alias, KeyStore.SecretKeyEntry.class)) {
          continue;
        }
        SecretKey key = (SecretKey) store.getKey(alias, password);
        MasterKey k = new MasterKey(alias, key);
        if (alias.equals(currentAlias)) {
          current = k;
        } else {
          older.add(k);
        }
      }
      if (current == null) {
        throw new KeyUnavailableException(
            "the key store " + file + " holds no AES key under the alias '" + currentAlias + "'");
      }
      return new StaticKeyProvider(current, older);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new KeyUnavailableException("cannot read the keys of " + file + ": " + e.getMessage());
    }
  }
}
