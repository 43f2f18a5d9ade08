package dev.tyboo.persistence.jdbc.internal;

import dev.tyboo.error.BinaryTooLargeException;
import dev.tyboo.error.StorageException;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.binary.BinaryStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Attachments in {@code tyboo_binary}, one row each. Data passes through the heap whole on write
 * and on read, so this store is for small and medium attachments (up to {@code maxBytes}); large
 * files belong in {@link BinaryStore#files}. Its gain: one backup holds everything, and every
 * engine process sharing the database sees every attachment.
 */
public final class JdbcBinaryStore implements BinaryStore {

  private final Jdbc jdbc;
  private final long maxBytes;

  /**
   * Creates the store.
   *
   * @param jdbc the connections
   * @param maxBytes the largest attachment accepted
   */
  public JdbcBinaryStore(Jdbc jdbc, long maxBytes) {
    this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
    this.maxBytes = maxBytes;
  }

  @Override
  public BinaryRef write(InputStream data, String fileName, String mimeType) {
    Objects.requireNonNull(data, "data");
    byte[] bytes;
    try {
      bytes = data.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
    } catch (IOException e) {
      throw new StorageException("could not read binary data for '" + fileName + "'", e);
    }
    if (bytes.length > maxBytes) {
      throw new BinaryTooLargeException(
          "binary data for '"
              + fileName
              + "' is larger than the database binary store's limit of "
              + maxBytes
              + " bytes; keep large files in BinaryStore.files(..)");
    }
    BinaryRef ref = new BinaryRef(UUID.randomUUID().toString(), fileName, mimeType, bytes.length);
    jdbc.autoCommit(
        "storing binary data " + ref.id() + " ('" + fileName + "')",
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO tyboo_binary (id, file_name, mime_type, size, data, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, ref.id());
            ps.setString(2, fileName);
            ps.setString(3, mimeType);
            ps.setLong(4, bytes.length);
            ps.setBytes(5, bytes);
            Micros.set(ps, 6, Instant.now());
            ps.executeUpdate();
            return null;
          }
        });
    return ref;
  }

  @Override
  public InputStream open(BinaryRef ref) {
    Objects.requireNonNull(ref, "ref");
    byte[] data =
        jdbc.autoCommit(
            "reading binary data " + ref.id(),
            (c, attempt) -> {
              try (PreparedStatement ps =
                  c.prepareStatement("SELECT data FROM tyboo_binary WHERE id = ?")) {
                ps.setString(1, ref.id());
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next() ? rs.getBytes(1) : null;
                }
              }
            });
    if (data == null) {
      throw new StorageException("no binary data with id " + ref.id() + " in tyboo_binary", null);
    }
    return new ByteArrayInputStream(data);
  }

  @Override
  public boolean exists(BinaryRef ref) {
    Objects.requireNonNull(ref, "ref");
    return jdbc.autoCommit(
        "looking up binary data " + ref.id(),
        (c, attempt) -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT 1 FROM tyboo_binary WHERE id = ?")) {
            ps.setString(1, ref.id());
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  @Override
  public boolean delete(BinaryRef ref) {
    Objects.requireNonNull(ref, "ref");
    return jdbc.autoCommit(
        "deleting binary data " + ref.id(),
        (c, attempt) -> {
          try (PreparedStatement ps = c.prepareStatement("DELETE FROM tyboo_binary WHERE id = ?")) {
            ps.setString(1, ref.id());
            return ps.executeUpdate() == 1;
          }
        });
  }
}
