package dev.tyboo.spi.binary;

import dev.tyboo.error.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps attachments as byte arrays in the heap. */
final class InMemoryBinaryStore implements BinaryStore {

  private final Map<String, byte[]> data = new ConcurrentHashMap<>();

  @Override
  public BinaryRef write(InputStream in, String fileName, String mimeType) {
    try {
      byte[] bytes = in.readAllBytes();
      String id = UUID.randomUUID().toString();
      data.put(id, bytes);
      return new BinaryRef(id, fileName, mimeType, bytes.length);
    } catch (IOException e) {
      throw new StorageException("could not read binary data for '" + fileName + "'", e);
    }
  }

  @Override
  public InputStream open(BinaryRef ref) {
    byte[] bytes = data.get(ref.id());
    if (bytes == null) {
      throw new StorageException("no binary data with id " + ref.id(), null);
    }
    return new ByteArrayInputStream(bytes);
  }

  @Override
  public boolean exists(BinaryRef ref) {
    return data.containsKey(ref.id());
  }

  @Override
  public boolean delete(BinaryRef ref) {
    return data.remove(ref.id()) != null;
  }
}
