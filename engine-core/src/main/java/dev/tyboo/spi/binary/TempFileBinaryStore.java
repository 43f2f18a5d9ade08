package dev.tyboo.spi.binary;

import dev.tyboo.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One file per attachment in a directory; writes go to a temporary file first and are moved into
 * place.
 */
final class TempFileBinaryStore implements BinaryStore {

  private static final Pattern ID = Pattern.compile("[0-9a-f-]{36}");

  private final Path directory;
  private final boolean deleteOnClose;

  TempFileBinaryStore(Path directory, boolean deleteOnClose) {
    try {
      this.directory = Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException("cannot create binary store directory " + directory, e);
    }
    this.deleteOnClose = deleteOnClose;
  }

  static TempFileBinaryStore inNewTempDirectory() {
    try {
      return new TempFileBinaryStore(Files.createTempDirectory("tyboo-binary-"), true);
    } catch (IOException e) {
      throw new StorageException("cannot create a temporary directory for binary data", e);
    }
  }

  @Override
  public BinaryRef write(InputStream in, String fileName, String mimeType) {
    String id = UUID.randomUUID().toString();
    Path partial = directory.resolve(id + ".part");
    try {
      long size = Files.copy(in, partial);
      Files.move(partial, directory.resolve(id), StandardCopyOption.ATOMIC_MOVE);
      return new BinaryRef(id, fileName, mimeType, size);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new StorageException(
          "could not store binary data for '" + fileName + "' in " + directory, e);
    }
  }

  @Override
  public InputStream open(BinaryRef ref) {
    try {
      return Files.newInputStream(file(ref));
    } catch (NoSuchFileException e) {
      throw new StorageException("no binary data with id " + ref.id(), e);
    } catch (IOException e) {
      throw new StorageException("cannot read binary data " + ref.id(), e);
    }
  }

  @Override
  public boolean exists(BinaryRef ref) {
    return ID.matcher(ref.id()).matches() && Files.exists(directory.resolve(ref.id()));
  }

  @Override
  public boolean delete(BinaryRef ref) {
    try {
      return Files.deleteIfExists(file(ref));
    } catch (IOException e) {
      throw new StorageException("cannot delete binary data " + ref.id(), e);
    }
  }

  private Path file(BinaryRef ref) {
    // ids are UUIDs we made; anything else could walk out of the directory
    if (!ID.matcher(ref.id()).matches()) {
      throw new StorageException("not a binary id of this store: '" + ref.id() + "'", null);
    }
    return directory.resolve(ref.id());
  }

  @Override
  public void close() {
    if (!deleteOnClose) {
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files.forEach(
          f -> {
            try {
              Files.deleteIfExists(f);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
      Files.deleteIfExists(directory);
    } catch (IOException | UncheckedIOException e) {
      throw new StorageException("cannot delete binary store directory " + directory, e);
    }
  }
}
