package dev.tyboo.spi.key;

import dev.tyboo.error.KeyUnavailableException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads master keys written as {@code id=base64;id=base64}, the first one current. */
final class EnvironmentKeys {

  private EnvironmentKeys() {}

  /**
   * {@return the keys of the value}
   *
   * @param variable the variable's name, for messages
   * @param value its value, or {@code null} when unset
   */
  static KeyProvider parse(String variable, String value) {
    if (value == null || value.isBlank()) {
      throw new KeyUnavailableException(
          "no master key: the environment variable "
              + variable
              + " is not set (expected"
              + " id=base64-of-32-bytes;older-id=...)");
    }
    List<MasterKey> keys = new ArrayList<>();
    String[] entries = value.split(";");
    for (int i = 0; i < entries.length; i++) {
      String entry = entries[i].strip();
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new KeyUnavailableException(variable + ": entry " + (i + 1) + " is not id=base64");
      }
      String id = entry.substring(0, eq);
      try {
        keys.add(MasterKey.of(id, Base64.getDecoder().decode(entry.substring(eq + 1).strip())));
      } catch (IllegalArgumentException e) {
        throw new KeyUnavailableException(
            variable + ": key '" + id + "' (entry " + (i + 1) + ") is not 32 bytes of base64");
      }
    }
    return new StaticKeyProvider(keys.getFirst(), keys.subList(1, keys.size()));
  }
}
