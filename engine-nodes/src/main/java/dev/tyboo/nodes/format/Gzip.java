package dev.tyboo.nodes.format;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.StorageException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.nodes.internal.Attachments;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Compresses or decompresses the attachment {@code binaryProperty} (default {@code data}) of each
 * item with gzip (JSON type {@code gzip}), replacing it; streamed, so a large file never sits in
 * the heap. Compressing adds {@code .gz} to the file name; decompressing removes it.
 */
public final class Gzip {

  /** The JSON type name. */
  public static final String TYPE = "gzip";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Gzip")
          .description("Compresses or decompresses an attachment with gzip, streaming")
          .property(PropertySpec.string("action").oneOf("compress", "decompress").required())
          .property(PropertySpec.string("binaryProperty").withDefault("data"))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, Gzip::execute);

  private Gzip() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /** {@return a node compressing the {@code data} attachment} */
  public static NodeDefinition compress() {
    return NodeDefinition.of(INSTANCE, Map.of("action", "compress"));
  }

  /** {@return a node decompressing the {@code data} attachment} */
  public static NodeDefinition decompress() {
    return NodeDefinition.of(INSTANCE, Map.of("action", "decompress"));
  }

  private static NodeResult execute(NodeContext ctx) throws IOException {
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      String property = ctx.stringParameter("binaryProperty", i);
      BinaryRef ref = Attachments.required(ctx, i, property);
      BinaryRef result =
          "compress".equals(ctx.stringParameter("action", i))
              ? compress(ctx, ref)
              : decompress(ctx, ref, i, property);
      out.add(input.get(i).withBinary(property, result));
    }
    return NodeResult.of(out);
  }

  private static BinaryRef compress(NodeContext ctx, BinaryRef ref) throws IOException {
    String name = ref.fileName() == null ? "data.gz" : ref.fileName() + ".gz";
    return Attachments.writeThroughTempFile(
        ctx,
        name,
        "application/gzip",
        out -> {
          try (InputStream in = ctx.binaries().open(ref);
              OutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            in.transferTo(gz);
          }
        });
  }

  private static BinaryRef decompress(NodeContext ctx, BinaryRef ref, int i, String property)
      throws IOException {
    String name = ref.fileName();
    if (name != null && name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    try (InputStream in = new GZIPInputStream(ctx.binaries().open(ref), 64 * 1024)) {
      return ctx.binaries().write(in, name, null);
    } catch (ZipException | StorageException e) {
      // a bad header fails in GZIPInputStream's constructor; bad data later, while the store reads
      // the stream (which it reports as a StorageException caused by the ZipException)
      ZipException zip = e instanceof ZipException z ? z : zipCause(e);
      if (zip == null) {
        throw e;
      }
      throw new NonRetryableNodeException(
          "attachment '" + property + "' of item " + i + " is not gzip data: " + zip.getMessage(),
          e);
    }
  }

  private static ZipException zipCause(Throwable e) {
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t instanceof ZipException z) {
        return z;
      }
    }
    return null;
  }
}
