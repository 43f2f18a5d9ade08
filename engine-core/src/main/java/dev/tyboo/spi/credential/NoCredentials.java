package dev.tyboo.spi.credential;

import java.util.Map;
import java.util.Optional;

/** The {@link CredentialProvider} of an engine given none: it holds nothing. */
enum NoCredentials implements CredentialProvider {
  INSTANCE;

  @Override
  public Optional<Map<String, Object>> find(String type, String name) {
    return Optional.empty();
  }
}
