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
import dev.tyboo.nodes.internal.BoundedInputStream;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Packs attachments into a zip archive, or unpacks one (JSON type {@code zip}), streaming:
 *
 * <ul>
 *   <li>{@code compress}: the attachments of each item (all of them, or those listed in {@code
 *       binaryProperties}) become entries, named by their file names (or attachment names), of one
 *       archive {@code fileName} (default {@code data.zip}) stored as the attachment {@code
 *       destination} (default {@code data}) of the item, replacing the packed ones;
 *   <li>{@code decompress}: the archive in attachment {@code binaryProperty} of each item gives one
 *       item per file entry: {@code {"fileName", "size", "sourceItem"}} with the entry as
 *       attachment {@code data}.
 * </ul>
 *
 * <p>Unpacking stops with an error past {@code maxEntries} (10,000) entries or {@code
 * maxUncompressedBytes} (1 GiB) in total, so a zip bomb cannot fill the binary store. Entry names
 * are kept as file names only; nothing is written to the file system under them.
 */
public final class Zip {

  /** The JSON type name. */
  public static final String TYPE = "zip";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Zip")
          .description("Packs attachments into a zip archive, or unpacks one into items, streaming")
          .property(PropertySpec.string("action").oneOf("compress", "decompress").required())
          .property(PropertySpec.array("binaryProperties").describedAs("compress: default all"))
          .property(PropertySpec.string("destination").withDefault("data"))
          .property(PropertySpec.string("fileName").withDefault("data.zip"))
          .property(PropertySpec.string("binaryProperty").withDefault("data"))
          .property(PropertySpec.integer("maxEntries").withDefault(10_000))
          .property(PropertySpec.integer("maxUncompressedBytes").withDefault(1L << 30))
          .build();

  static final NodeType INSTANCE = NodeType.of(DESCRIPTOR, Zip::execute);

  private Zip() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node packing every attachment of each item into one archive}
   *
   * @param fileName the archive's file name
   */
  public static NodeDefinition compress(String fileName) {
    return NodeDefinition.of(INSTANCE, Map.of("action", "compress", "fileName", fileName));
  }

  /** {@return a node unpacking the {@code data} archive of each item into items} */
  public static NodeDefinition decompress() {
    return NodeDefinition.of(INSTANCE, Map.of("action", "decompress"));
  }

  private static NodeResult execute(NodeContext ctx) throws IOException {
    List<Item> input = ctx.input();
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < input.size(); i++) {
      if ("compress".equals(ctx.stringParameter("action", i))) {
        out.add(compress(ctx, i));
      } else {
        out.addAll(decompress(ctx, i));
      }
    }
    return NodeResult.of(out);
  }

  private static Item compress(NodeContext ctx, int i) throws IOException {
    Item item = ctx.input().get(i);
    List<?> listed = ctx.parameter("binaryProperties", i, List.class);
    List<String> names = new ArrayList<>();
    if (listed == null) {
      names.addAll(item.binary().keySet());
    } else {
      listed.forEach(n -> names.add(String.valueOf(n)));
    }
    Map<String, BinaryRef> packed = new LinkedHashMap<>();
    for (String name : names) {
      packed.put(name, Attachments.required(ctx, i, name));
    }
    String fileName = ctx.stringParameter("fileName", i);
    BinaryRef archive =
        Attachments.writeThroughTempFile(
            ctx,
            fileName,
            "application/zip",
            out -> {
              Set<String> used = new HashSet<>();
              try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, BinaryRef> e : packed.entrySet()) {
                  String entry =
                      e.getValue().fileName() != null ? e.getValue().fileName() : e.getKey();
                  String unique = entry;
                  for (int n = 2; !used.add(unique); n++) {
                    unique = n + "-" + entry; // two attachments with one file name
                  }
                  zip.putNextEntry(new ZipEntry(unique));
                  try (InputStream in = ctx.binaries().open(e.getValue())) {
                    in.transferTo(zip);
                  }
                  zip.closeEntry();
                }
              }
            });
    Map<String, BinaryRef> kept = new LinkedHashMap<>(item.binary());
    packed.keySet().forEach(kept::remove);
    kept.put(ctx.stringParameter("destination", i), archive);
    return new Item(item.json(), kept);
  }

  private static List<Item> decompress(NodeContext ctx, int i) throws IOException {
    String property = ctx.stringParameter("binaryProperty", i);
    BinaryRef ref = Attachments.required(ctx, i, property);
    long maxEntries = ctx.parameter("maxEntries", i, Number.class).longValue();
    long maxBytes = ctx.parameter("maxUncompressedBytes", i, Number.class).longValue();
    List<Item> out = new ArrayList<>();
    long total = 0;
    try (InputStream raw = new java.io.BufferedInputStream(ctx.binaries().open(ref));
        ZipInputStream zip = new ZipInputStream(raw)) {
      raw.mark(4);
      byte[] magic = raw.readNBytes(4);
      raw.reset();
      // a local file header (PK 3 4) or an empty archive's end record (PK 5 6); ZipInputStream
      // would read anything else as an archive without entries
      if (magic.length < 4
          || magic[0] != 'P'
          || magic[1] != 'K'
          || !(magic[2] == 3 && magic[3] == 4 || magic[2] == 5 && magic[3] == 6)) {
        throw new ZipException("it does not start with a zip signature");
      }
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.isDirectory()) {
          continue;
        }
        if (out.size() >= maxEntries) {
          throw limit(ctx, property, i, "more than " + maxEntries + " entries (maxEntries)");
        }
        // one entry, without closing the archive, within what is left of the byte budget
        BoundedInputStream bounded = new BoundedInputStream(zip, maxBytes - total, null, false);
        BinaryRef stored;
        try {
          stored = ctx.binaries().write(bounded, entry.getName(), null);
        } catch (StorageException e) {
          if (bounded.exceeded()) {
            throw limit(
                ctx,
                property,
                i,
                "more than " + maxBytes + " bytes unpacked (maxUncompressedBytes)");
          }
          throw e;
        }
        total += stored.size();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("fileName", entry.getName());
        json.put("size", stored.size());
        json.put("sourceItem", i);
        out.add(Item.of(json).withBinary("data", stored));
      }
    } catch (ZipException e) {
      throw new NonRetryableNodeException(
          "attachment '" + property + "' of item " + i + " is not a zip archive: " + e.getMessage(),
          e);
    }
    return out;
  }

  private static NonRetryableNodeException limit(
      NodeContext ctx, String property, int i, String what) {
    return new NonRetryableNodeException(
        "archive '" + property + "' of item " + i + " holds " + what + "; unpacking stopped");
  }
}
