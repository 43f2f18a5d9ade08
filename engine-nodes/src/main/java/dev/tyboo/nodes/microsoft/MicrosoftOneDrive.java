package dev.tyboo.nodes.microsoft;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.nodes.internal.ApiCall;
import dev.tyboo.nodes.internal.Attachments;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OneDrive files through Microsoft Graph (JSON type {@code microsoftOneDrive}) with a {@code
 * microsoftOAuth2Api} credential, by path in the signed-in user's drive, content streamed:
 *
 * <ul>
 *   <li>{@code upload}: each item's attachment {@code binaryProperty} to {@code path} (replaced if
 *       it exists): up to 4 MiB in one {@code PUT .../content}, larger through an upload session in
 *       5 MiB chunks ({@code Content-Range}; only one chunk is in memory at a time); emits the
 *       drive item ({@code id}, {@code name}, {@code size}, ...);
 *   <li>{@code download}: the file at {@code path} streamed into the binary store (Graph answers
 *       with a redirect to a pre-authorized URL, followed without the token); emits its metadata;
 *   <li>{@code list}: the children of the folder at {@code path} (the root when empty), every page
 *       ({@code @odata.nextLink}, kept on Graph's host), at most {@code maxFiles}.
 * </ul>
 */
public final class MicrosoftOneDrive {

  /** The JSON type name. */
  public static final String TYPE = "microsoftOneDrive";

  /** The largest file sent in one request. */
  static final int SIMPLE_UPLOAD_LIMIT = 4 * 1024 * 1024;

  /** An upload session's chunk: a multiple of 320 KiB, as Graph requires. */
  static final int CHUNK = 16 * 320 * 1024;

  /** What the node does. */
  enum Operation {
    upload,
    download,
    list
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param path the file or folder, e.g. {@code Invoices/2026/7.pdf}
   * @param binaryProperty the attachment uploaded or downloaded into
   * @param maxFiles the most children a listing emits
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @Param(defaultValue = "") String path,
      @Param(defaultValue = "data") String binaryProperty,
      @Param(defaultValue = "1000") int maxFiles) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Microsoft OneDrive")
              .description(
                  "Uploads, downloads and lists OneDrive files (Microsoft Graph), streaming")
              .credentialType(GraphApi.CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          MicrosoftOneDrive::execute);

  private MicrosoftOneDrive() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that uploads each item's attachment {@code data} to a path}
   *
   * @param path the file's path; may be an expression
   */
  public static NodeDefinition upload(String path) {
    return NodeDefinition.of(
        INSTANCE, Map.of("operation", "upload", "path", Objects.requireNonNull(path, "path")));
  }

  /**
   * {@return a node that downloads a file into the attachment {@code data}}
   *
   * @param path the file's path; may be an expression
   */
  public static NodeDefinition download(String path) {
    return NodeDefinition.of(
        INSTANCE, Map.of("operation", "download", "path", Objects.requireNonNull(path, "path")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    String base = GraphApi.base(ctx);
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      String item = base + GraphApi.drivePath("path", p.path(), i);
      switch (p.operation()) {
        case upload -> out.add(upload(ctx, base, item, p, i));
        case download -> out.add(download(ctx, item, p, i));
        case list -> list(ctx, base, item, p, i, out);
      }
    }
    return NodeResult.of(out);
  }

  private static Item upload(NodeContext ctx, String base, String item, Parameters p, int i)
      throws InterruptedException {
    if (item.endsWith("/root")) {
      throw new NonRetryableNodeException("parameter 'path' must name a file", i, null);
    }
    BinaryRef ref = Attachments.required(ctx, i, p.binaryProperty());
    if (ref.size() <= SIMPLE_UPLOAD_LIMIT) {
      URI uri = URI.create(item + "/content");
      String type = ref.mimeType() != null ? ref.mimeType() : "application/octet-stream";
      return Item.of(
          ApiCall.oauth2(
                  ctx,
                  GraphApi.CREDENTIAL,
                  GraphApi.defaults(ctx),
                  "Microsoft Graph",
                  i,
                  token ->
                      HttpRequest.newBuilder(uri)
                          .timeout(Duration.ofMinutes(5))
                          .header("Authorization", "Bearer " + token)
                          .header("Content-Type", type)
                          .PUT(
                              HttpRequest.BodyPublishers.fromPublisher(
                                  HttpRequest.BodyPublishers.ofInputStream(
                                      () -> ctx.binaries().open(ref)),
                                  ref.size()))
                          .build())
              .json());
    }
    Map<String, Object> session =
        GraphApi.call(
                ctx,
                "Microsoft Graph",
                i,
                "POST",
                URI.create(item + "/createUploadSession"),
                Map.of("item", Map.of("@microsoft.graph.conflictBehavior", "replace")))
            .json();
    if (!(session.get("uploadUrl") instanceof String uploadUrl)) {
      throw new RetryableNodeException("Graph opened no upload session", i, null, null);
    }
    URI target = URI.create(uploadUrl);
    ApiCall.Answer last = null;
    try (InputStream in = ctx.binaries().open(ref)) {
      long sent = 0;
      while (sent < ref.size()) {
        byte[] chunk = in.readNBytes((int) Math.min(CHUNK, ref.size() - sent));
        if (chunk.length == 0) {
          throw new NonRetryableNodeException("the attachment is shorter than it says", i, null);
        }
        // the upload URL is pre-authorized: Graph documents it is sent without the token
        HttpRequest put =
            HttpRequest.newBuilder(target)
                .timeout(Duration.ofMinutes(5))
                .header(
                    "Content-Range",
                    "bytes " + sent + "-" + (sent + chunk.length - 1) + "/" + ref.size())
                .PUT(HttpRequest.BodyPublishers.ofByteArray(chunk))
                .build();
        last = ApiCall.send("Microsoft Graph", put, i);
        sent += chunk.length;
      }
    } catch (IOException e) {
      throw new RetryableNodeException("reading the attachment failed: " + e, i, null, e);
    }
    return Item.of(last == null ? Map.of() : last.json());
  }

  private static Item download(NodeContext ctx, String item, Parameters p, int i)
      throws InterruptedException {
    Map<String, Object> metadata =
        GraphApi.call(ctx, "Microsoft Graph", i, "GET", URI.create(item), null).json();
    HttpResponse<InputStream> content =
        ApiCall.oauth2Download(
            ctx,
            GraphApi.CREDENTIAL,
            GraphApi.defaults(ctx),
            "Microsoft Graph",
            i,
            token ->
                HttpRequest.newBuilder(URI.create(item + "/content"))
                    .timeout(Duration.ofMinutes(30))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build());
    BinaryRef ref;
    try (InputStream in = content.body()) {
      Object type = metadata.get("file") instanceof Map<?, ?> file ? file.get("mimeType") : null;
      ref = ctx.binaries().write(in, Objects.toString(metadata.get("name"), "file"), (String) type);
    } catch (IOException e) {
      throw new RetryableNodeException("downloading from OneDrive failed: " + e, i, null, e);
    }
    return Item.of(metadata).withBinary(p.binaryProperty(), ref);
  }

  private static void list(
      NodeContext ctx, String base, String item, Parameters p, int i, List<Item> out)
      throws InterruptedException {
    URI next = URI.create(item + "/children?%24top=200");
    int taken = 0;
    while (next != null && taken < p.maxFiles()) {
      Map<String, Object> page = GraphApi.call(ctx, "Microsoft Graph", i, "GET", next, null).json();
      List<?> values = page.get("value") instanceof List<?> l ? l : List.of();
      for (Object v : values) {
        if (taken < p.maxFiles() && v instanceof Map<?, ?> m) {
          Map<String, Object> json = new LinkedHashMap<>();
          m.forEach((k, x) -> json.put(String.valueOf(k), x));
          out.add(Item.of(json));
          taken++;
        }
      }
      next =
          page.get("@odata.nextLink") instanceof String link && !values.isEmpty()
              ? GraphApi.sameHost(link, base, i)
              : null;
    }
  }
}
