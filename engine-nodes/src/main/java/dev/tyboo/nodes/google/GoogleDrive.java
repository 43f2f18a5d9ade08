package dev.tyboo.nodes.google;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
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
 * Google Drive files over the Drive API v3 (JSON type {@code googleDrive}) with a {@code
 * googleOAuth2Api} credential, content streamed both ways (never whole in the heap):
 *
 * <ul>
 *   <li>{@code upload}: each item's attachment {@code binaryProperty} as a new file ({@code name},
 *       by default the attachment's file name; in {@code folderId} when set) by a resumable upload:
 *       the metadata first, then the bytes in one streamed request to the session Google names;
 *       emits the file ({@code id}, {@code name}, {@code mimeType});
 *   <li>{@code download}: the file {@code fileId} streamed into the binary store as the attachment
 *       {@code binaryProperty}; emits its metadata;
 *   <li>{@code list}: the files matching {@code query} (Drive's search syntax, e.g. {@code name
 *       contains 'invoice'}), every page, at most {@code maxFiles}, one item each.
 * </ul>
 */
public final class GoogleDrive {

  /** The JSON type name. */
  public static final String TYPE = "googleDrive";

  private static final String FIELDS = "id,name,mimeType,size,modifiedTime,parents";

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
   * @param fileId the file to download
   * @param name the uploaded file's name
   * @param folderId the folder an upload goes to
   * @param binaryProperty the attachment uploaded or downloaded into
   * @param query Drive's search expression for list
   * @param maxFiles the most files a listing emits
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @RequiredWhen(parameter = "operation", is = "download") String fileId,
      String name,
      String folderId,
      @Param(defaultValue = "data") String binaryProperty,
      String query,
      @Param(defaultValue = "1000") int maxFiles) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("Google Drive")
              .description("Uploads, downloads and lists Google Drive files, streaming")
              .credentialType(GoogleApi.CREDENTIAL)
              .parameters(Parameters.class)
              .build(),
          GoogleDrive::execute);

  private GoogleDrive() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that uploads each item's attachment {@code data} into a folder}
   *
   * @param folderId the folder; may be an expression
   */
  public static NodeDefinition upload(String folderId) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of("operation", "upload", "folderId", Objects.requireNonNull(folderId, "folderId")));
  }

  /**
   * {@return a node that downloads a file into the attachment {@code data}}
   *
   * @param fileId the file; may be an expression
   */
  public static NodeDefinition download(String fileId) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of("operation", "download", "fileId", Objects.requireNonNull(fileId, "fileId")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    String base = GoogleApi.base(ctx, "www.googleapis.com");
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      switch (p.operation()) {
        case upload -> out.add(upload(ctx, base, p, i));
        case download -> out.add(download(ctx, base, p, i));
        case list -> list(ctx, base, p, i, out);
      }
    }
    return NodeResult.of(out);
  }

  private static Item upload(NodeContext ctx, String base, Parameters p, int i)
      throws InterruptedException {
    BinaryRef ref = Attachments.required(ctx, i, p.binaryProperty());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", p.name() != null ? p.name() : Objects.toString(ref.fileName(), "file"));
    if (p.folderId() != null) {
      metadata.put("parents", List.of(GoogleApi.id("folderId", p.folderId(), i)));
    }
    String type = ref.mimeType() != null ? ref.mimeType() : "application/octet-stream";
    byte[] json;
    try {
      json = JSON.writeValueAsBytes(metadata);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    URI start = URI.create(base + "/upload/drive/v3/files?uploadType=resumable&fields=" + FIELDS);
    ApiCall.Answer session =
        ApiCall.oauth2(
            ctx,
            GoogleApi.CREDENTIAL,
            GoogleApi.DEFAULTS,
            "Google Drive",
            i,
            token ->
                HttpRequest.newBuilder(start)
                    .timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json; charset=UTF-8")
                    .header("X-Upload-Content-Type", type)
                    .header("X-Upload-Content-Length", Long.toString(ref.size()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                    .build());
    String location = session.headers().firstValue("Location").orElse(null);
    if (location == null) {
      throw new RetryableNodeException(
          "Google Drive opened no upload session (no Location)", i, null, null);
    }
    URI target = URI.create(start.toString()).resolve(location);
    if (!target.getHost().equals(start.getHost())) {
      throw new NonRetryableNodeException(
          "Google Drive's upload session is on another host; not followed", i, null);
    }
    HttpRequest put =
        HttpRequest.newBuilder(target)
            .timeout(Duration.ofMinutes(30))
            .header("Content-Type", type)
            .PUT(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> ctx.binaries().open(ref)),
                    ref.size()))
            .build();
    return Item.of(ApiCall.send("Google Drive", put, i).json());
  }

  private static Item download(NodeContext ctx, String base, Parameters p, int i)
      throws InterruptedException {
    String file = base + "/drive/v3/files/" + GoogleApi.id("fileId", p.fileId(), i);
    Map<String, Object> metadata =
        GoogleApi.call(ctx, "Google Drive", i, "GET", URI.create(file + "?fields=" + FIELDS), null)
            .json();
    HttpResponse<InputStream> media =
        ApiCall.oauth2Download(
            ctx,
            GoogleApi.CREDENTIAL,
            GoogleApi.DEFAULTS,
            "Google Drive",
            i,
            token ->
                HttpRequest.newBuilder(URI.create(file + "?alt=media"))
                    .timeout(Duration.ofMinutes(30))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build());
    BinaryRef ref;
    try (InputStream in = media.body()) {
      ref =
          ctx.binaries()
              .write(
                  in,
                  Objects.toString(metadata.get("name"), p.fileId()),
                  (String) metadata.get("mimeType"));
    } catch (IOException e) {
      throw new RetryableNodeException("downloading from Google Drive failed: " + e, i, null, e);
    }
    return Item.of(metadata).withBinary(p.binaryProperty(), ref);
  }

  private static void list(NodeContext ctx, String base, Parameters p, int i, List<Item> out)
      throws InterruptedException {
    String first =
        base
            + "/drive/v3/files?pageSize=100&fields="
            + GoogleApi.query("nextPageToken,files(" + FIELDS + ")")
            + (p.query() == null ? "" : "&q=" + GoogleApi.query(p.query()));
    String token = null;
    int taken = 0;
    do {
      URI uri = URI.create(first + (token == null ? "" : "&pageToken=" + GoogleApi.query(token)));
      Map<String, Object> page = GoogleApi.call(ctx, "Google Drive", i, "GET", uri, null).json();
      List<?> files = page.get("files") instanceof List<?> l ? l : List.of();
      for (Object f : files) {
        if (taken < p.maxFiles() && f instanceof Map<?, ?> m) {
          Map<String, Object> json = new LinkedHashMap<>();
          m.forEach((k, v) -> json.put(String.valueOf(k), v));
          out.add(Item.of(json));
          taken++;
        }
      }
      token = page.get("nextPageToken") instanceof String t && !files.isEmpty() ? t : null;
    } while (token != null && taken < p.maxFiles());
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = JsonMappers.standard();
}
