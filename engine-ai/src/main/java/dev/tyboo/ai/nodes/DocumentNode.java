package dev.tyboo.ai.nodes;

import dev.tyboo.ai.rag.Documents;
import dev.tyboo.ai.rag.TextSplitter;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.spi.binary.BinaryRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Document Splitter node (JSON type {@code documentSplitter}): reads a document per item (a
 * {@code text} parameter, or the attachment named by {@code binary}), turns it into plain text
 * ({@code format}: {@code text}, {@code markdown}, {@code html}), splits it into overlapping chunks
 * ({@code chunkSize}, {@code chunkOverlap}, {@code unit}: {@code characters} or {@code tokens}) and
 * emits one item per chunk: {@code text}, {@code chunk} (its number in the document), {@code
 * source} (parameter, else the attachment's file name) and {@code id} ({@code source#chunk}).
 */
public final class DocumentNode implements NodeType {

  /** The JSON type name. */
  public static final String TYPE = "documentSplitter";

  private static final NodeDescriptor DESCRIPTOR =
      NodeDescriptor.builder(TYPE)
          .displayName("Document Splitter")
          .description("Turns documents (text, markdown, HTML) into overlapping chunks")
          .property(PropertySpec.string("text"))
          .property(PropertySpec.string("binary"))
          .property(
              PropertySpec.string("format").oneOf("text", "markdown", "html").withDefault("text"))
          .property(PropertySpec.string("source"))
          .property(PropertySpec.integer("chunkSize").withDefault(1000))
          .property(PropertySpec.integer("chunkOverlap").withDefault(200))
          .property(
              PropertySpec.string("unit").oneOf("characters", "tokens").withDefault("characters"))
          .build();

  /** Creates the node type. */
  public DocumentNode() {}

  @Override
  public NodeDescriptor descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public NodeResult execute(NodeContext ctx) {
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      String source = ctx.stringParameter("source", i);
      String content = ctx.stringParameter("text", i);
      String binary = ctx.stringParameter("binary", i);
      if (binary != null && !binary.isBlank()) {
        BinaryRef ref = ctx.input().get(i).binary().get(binary);
        if (ref == null) {
          throw new NonRetryableNodeException(
              "item " + i + " has no attachment '" + binary + "'", i, null);
        }
        try (InputStream in = ctx.binaries().open(ref)) {
          content = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (source == null || source.isBlank()) {
          source = ref.fileName();
        }
      }
      if (content == null) {
        throw new NonRetryableNodeException(
            "item " + i + " has no document (set 'text' or 'binary')", i, null);
      }
      int size = ctx.parameter("chunkSize", i, Number.class).intValue();
      int overlap = ctx.parameter("chunkOverlap", i, Number.class).intValue();
      TextSplitter splitter;
      String text;
      try {
        splitter =
            "tokens".equals(ctx.stringParameter("unit", i))
                ? TextSplitter.byTokens(size, overlap)
                : TextSplitter.byCharacters(size, overlap);
        text = Documents.toText(content, ctx.stringParameter("format", i));
      } catch (IllegalArgumentException e) {
        throw new NonRetryableNodeException("" + e.getMessage(), i, e);
      }
      String name = source == null || source.isBlank() ? "item-" + i : source;
      List<String> chunks = splitter.split(text);
      for (int c = 0; c < chunks.size(); c++) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", name + "#" + c);
        json.put("text", chunks.get(c));
        json.put("chunk", c);
        json.put("source", name);
        out.add(Item.of(json));
      }
    }
    return NodeResult.of(out);
  }
}
