package dev.tyboo.spi.binary;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where item attachments live. Data goes in and out as streams, so no caller needs a whole payload
 * in memory. Implementations must be thread-safe and translate I/O failures into {@link
 * dev.tyboo.error.StorageException}.
 */
public interface BinaryStore extends AutoCloseable {

  /** {@return a store that keeps data in the heap; for tests and small payloads} */
  static BinaryStore inMemory() {
    return new InMemoryBinaryStore();
  }

  /**
   * {@return a store on the file system that keeps its files when closed}
   *
   * @param directory where to keep one file per attachment; created if missing
   */
  static BinaryStore files(Path directory) {
    return new TempFileBinaryStore(directory, false);
  }

  /**
   * {@return a store in a new temporary directory, deleted with its files when the store is closed}
   */
  static BinaryStore tempFiles() {
    return TempFileBinaryStore.inNewTempDirectory();
  }

  /**
   * Reads {@code data} to its end and stores it. The stream is not closed.
   *
   * @param data the bytes to store
   * @param fileName a file name for people, or {@code null}
   * @param mimeType the media type, or {@code null}
   * @return a reference to the stored data, with its size
   * @throws dev.tyboo.error.StorageException when reading or storing fails (nothing is kept)
   */
  BinaryRef write(InputStream data, String fileName, String mimeType);

  /**
   * {@return a fresh stream over the data; the caller closes it}
   *
   * @param ref a reference this store returned
   * @throws dev.tyboo.error.StorageException when the data is missing or unreadable
   */
  InputStream open(BinaryRef ref);

  /**
   * {@return whether the data is still held}
   *
   * @param ref a reference this store returned
   */
  boolean exists(BinaryRef ref);

  /**
   * {@return {@code true} if data was deleted, {@code false} if there was none}
   *
   * @param ref a reference this store returned
   */
  boolean delete(BinaryRef ref);

  /** Releases resources; what "close" does to stored data is up to the implementation. */
  @Override
  default void close() {}
}
