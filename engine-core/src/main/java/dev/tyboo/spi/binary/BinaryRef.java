package dev.tyboo.spi.binary;

import java.util.Objects;

/**
 * A pointer to binary data held in a {@link dev.tyboo.spi.binary.BinaryStore}. Items carry these
 * instead of bytes, so a large file never sits in the heap whole: read it with {@code
 * context.binaries().open(ref)}.
 *
 * @param id the store's key; opaque to everyone else
 * @param fileName a file name for people and for nodes that upload it, or {@code null}
 * @param mimeType the media type, for example {@code application/pdf}, or {@code null} when unknown
 * @param size the length in bytes
 */
public record BinaryRef(String id, String fileName, String mimeType, long size) {

  /** Validates the components. */
  public BinaryRef {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank");
    }
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size);
    }
  }
}
