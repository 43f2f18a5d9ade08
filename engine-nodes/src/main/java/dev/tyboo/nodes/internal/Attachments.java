package dev.tyboo.nodes.internal;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.spi.binary.BinaryRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** What file nodes share: finding an item's attachment, and writing one without the heap. */
public final class Attachments {

  private Attachments() {}

  /** Writes a file's content to a stream. */
  @FunctionalInterface
  public interface Writer {
    /**
     * Writes the content.
     *
     * @param out where to write; closed by the caller
     * @throws IOException on failure
     */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * {@return the attachment of an item}
   *
   * @param ctx the node's context
   * @param itemIndex which input item
   * @param property the attachment's name
   * @throws NonRetryableNodeException naming node, item and the attachments it has, when missing
   */
  public static BinaryRef required(NodeContext ctx, int itemIndex, String property) {
    Item item = ctx.input().get(itemIndex);
    BinaryRef ref = item.binary().get(property);
    if (ref == null) {
      throw new NonRetryableNodeException(
          "item "
              + itemIndex
              + " has no attachment '"
              + property
              + "' (it has "
              + item.binary().keySet()
              + ")");
    }
    return ref;
  }

  /**
   * Writes content to a temporary file, then streams it into the binary store: the binary store
   * reads an {@link InputStream} while formats and compressors write an {@link OutputStream}, and
   * the temporary file keeps a large result out of the heap.
   *
   * @param ctx the node's context
   * @param fileName the attachment's file name
   * @param mimeType its media type, or {@code null}
   * @param writer writes the content
   * @return the stored attachment
   * @throws IOException when the temporary file cannot be written or read
   */
  public static BinaryRef writeThroughTempFile(
      NodeContext ctx, String fileName, String mimeType, Writer writer) throws IOException {
    Path tmp = Files.createTempFile("tyboo-attachment-", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        writer.writeTo(out);
      }
      try (InputStream in = Files.newInputStream(tmp)) {
        return ctx.binaries().write(in, fileName, mimeType);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
