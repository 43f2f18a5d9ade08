package dev.tyboo.nodes.format;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
public final class Gzip implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "gzip";

  static final Gzip INSTANCE = new Gzip();

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Gzip")
          .description("Compresses or decompresses an attachment with gzip, streaming")
          .property(PropertySpec.string("action").oneOf("compress", "decompress").required())
          .property(PropertySpec.string("binaryProperty").withDefault("data"))
          .build();

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

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public NodeResult execute(NodeContext ctx) throws IOException {
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>(input.size());
    for (int i = 0; i < input.size(); i++) {
      String property = ctx.stringParameter("binaryProperty", i);
      BinaryRef ref = input.get(i).binary().get(property);
      if (ref == null) {
        throw new NonRetryableNodeException(
            "node '"
                + ctx.nodeId()
                + "': item "
                + i
                + " has no attachment '"
                + property
                + "' (it has "
                + input.get(i).binary().keySet()
                + ")");
      }
      BinaryRef result =
          "compress".equals(ctx.stringParameter("action", i))
              ? compress(ctx, ref)
              : decompress(ctx, ref, i, property);
      out.add(input.get(i).withBinary(property, result));
    }
    return NodeResult.of(out);
  }

  /**
   * Through a temporary file: the binary store reads an InputStream, gzip writes an OutputStream.
   */
  private static BinaryRef compress(NodeContext ctx, BinaryRef ref) throws IOException {
    Path tmp = Files.createTempFile("tyboo-gzip-", ".gz");
    try {
      try (InputStream in = ctx.binaries().open(ref);
          OutputStream gz = new GZIPOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
        in.transferTo(gz);
      }
      try (InputStream compressed = Files.newInputStream(tmp)) {
        String name = ref.fileName() == null ? "data.gz" : ref.fileName() + ".gz";
        return ctx.binaries().write(compressed, name, "application/gzip");
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static BinaryRef decompress(NodeContext ctx, BinaryRef ref, int i, String property)
      throws IOException {
    String name = ref.fileName();
    if (name != null && name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    try (InputStream in = new GZIPInputStream(ctx.binaries().open(ref), 64 * 1024)) {
      return ctx.binaries().write(in, name, null);
    } catch (ZipException e) {
      throw new NonRetryableNodeException(
          "node '"
              + ctx.nodeId()
              + "': attachment '"
              + property
              + "' of item "
              + i
              + " is not gzip data: "
              + e.getMessage(),
          e);
    } catch (dev.tyboo.error.StorageException e) {
      if (e.getCause() instanceof ZipException z) {
        throw new NonRetryableNodeException(
            "node '"
                + ctx.nodeId()
                + "': attachment '"
                + property
                + "' of item "
                + i
                + " is not gzip data: "
                + z.getMessage(),
            e);
      }
      throw e;
    }
  }
}
