package dev.tyboo.nodes.storage.s3;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.node.RequiredWhen;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.workflow.NodeDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Objects in S3 or any S3-compatible storage (JSON type {@code s3}) with an {@code s3} credential
 * (see the module README), content streamed both ways:
 *
 * <ul>
 *   <li>{@code put}: each item's attachment {@code binaryProperty} as the object {@code key}
 *       (streamed with its length; the payload left unsigned, as S3 allows, so it is read once);
 *       emits {@code {bucket, key, etag, size}};
 *   <li>{@code get}: the object streamed into the binary store; emits {@code {bucket, key, size,
 *       contentType, etag}} with the attachment;
 *   <li>{@code list}: the objects under {@code prefix}, every page of ListObjectsV2, at most {@code
 *       maxKeys}: {@code {key, size, lastModified, etag}} each;
 *   <li>{@code delete}: the object {@code key}.
 * </ul>
 *
 * <p>Requests are signed with AWS Signature Version 4, checked against the examples of the S3 API
 * reference.
 */
public final class S3 {

  /** The JSON type name. */
  public static final String TYPE = "s3";

  private static final XMLInputFactory XML = XMLInputFactory.newFactory();

  static {
    XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
  }

  /** What the node does. */
  enum Operation {
    put,
    get,
    list,
    delete
  }

  /**
   * The node's parameters.
   *
   * @param operation what it does
   * @param bucket the bucket
   * @param key the object's key
   * @param prefix a listing's key prefix
   * @param binaryProperty the attachment put or got into
   * @param maxKeys the most objects a listing emits
   */
  record Parameters(
      @Param(required = true) Operation operation,
      @Param(required = true) String bucket,
      @RequiredWhen(
              parameter = "operation",
              is = {"put", "get", "delete"})
          String key,
      String prefix,
      @Param(defaultValue = "data") String binaryProperty,
      @Param(defaultValue = "1000") int maxKeys) {}

  static final NodeType INSTANCE =
      NodeType.of(
          NodeDescriptor.builder(TYPE)
              .displayName("S3")
              .description(
                  "Puts, gets, lists and deletes objects in S3-compatible storage, streaming")
              .credentialType("s3")
              .parameters(Parameters.class)
              .build(),
          S3::execute);

  private S3() {}

  /** {@return the node type, for registries} */
  public static NodeType type() {
    return INSTANCE;
  }

  /**
   * {@return a node that stores each item's attachment {@code data} as an object}
   *
   * @param bucket the bucket
   * @param key the key; may be an expression such as {@code invoices/{{ $json.id }}.pdf}
   */
  public static NodeDefinition put(String bucket, String key) {
    return NodeDefinition.of(
        INSTANCE,
        Map.of(
            "operation", "put",
            "bucket", Objects.requireNonNull(bucket, "bucket"),
            "key", Objects.requireNonNull(key, "key")));
  }

  private static NodeResult execute(NodeContext ctx) throws InterruptedException {
    S3Client s3 = new S3Client(ctx.credential("s3"), () -> ctx.clock().now());
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < ctx.input().size(); i++) {
      Parameters p = ctx.parameters(i, Parameters.class);
      switch (p.operation()) {
        case put -> out.add(put(ctx, s3, p, i));
        case get -> out.add(get(ctx, s3, p, i));
        case list -> list(s3, p, i, out);
        case delete -> {
          URI uri = s3.uri(p.bucket(), p.key(), Map.of(), i);
          close(s3.send("DELETE", uri, Map.of(), Map.of(), null, 0, i));
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("bucket", p.bucket());
          json.put("key", p.key());
          json.put("deleted", true);
          out.add(Item.of(json));
        }
      }
    }
    return NodeResult.of(out);
  }

  private static Item put(NodeContext ctx, S3Client s3, Parameters p, int i)
      throws InterruptedException {
    BinaryRef ref = ctx.input().get(i).binary().get(p.binaryProperty());
    if (ref == null) {
      throw dev.tyboo.node.NodeFailure.badParameter(
          "binaryProperty",
          i,
          "names no attachment of the item (it has " + ctx.input().get(i).binary().keySet() + ")",
          p.binaryProperty());
    }
    URI uri = s3.uri(p.bucket(), p.key(), Map.of(), i);
    String type = ref.mimeType() != null ? ref.mimeType() : "application/octet-stream";
    HttpResponse<InputStream> response =
        s3.send(
            "PUT",
            uri,
            Map.of(),
            Map.of("content-type", type),
            HttpRequest.BodyPublishers.ofInputStream(() -> ctx.binaries().open(ref)),
            ref.size(),
            i);
    close(response);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bucket", p.bucket());
    json.put("key", p.key());
    json.put("etag", response.headers().firstValue("ETag").orElse(null));
    json.put("size", ref.size());
    return Item.of(json);
  }

  private static Item get(NodeContext ctx, S3Client s3, Parameters p, int i)
      throws InterruptedException {
    URI uri = s3.uri(p.bucket(), p.key(), Map.of(), i);
    HttpResponse<InputStream> response = s3.send("GET", uri, Map.of(), Map.of(), null, 0, i);
    String type = response.headers().firstValue("Content-Type").orElse(null);
    String name = p.key().substring(p.key().lastIndexOf('/') + 1);
    BinaryRef ref;
    try (InputStream in = response.body()) {
      ref = ctx.binaries().write(in, name, type);
    } catch (IOException e) {
      throw new RetryableNodeException("reading the object from S3 failed: " + e, i, null, e);
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("bucket", p.bucket());
    json.put("key", p.key());
    json.put("size", ref.size());
    json.put("contentType", type);
    json.put("etag", response.headers().firstValue("ETag").orElse(null));
    return Item.of(json).withBinary(p.binaryProperty(), ref);
  }

  private static void list(S3Client s3, Parameters p, int i, List<Item> out)
      throws InterruptedException {
    String token = null;
    int taken = 0;
    do {
      Map<String, String> query = new LinkedHashMap<>();
      query.put("list-type", "2");
      query.put("max-keys", Integer.toString(Math.min(1000, p.maxKeys() - taken)));
      if (p.prefix() != null) {
        query.put("prefix", p.prefix());
      }
      if (token != null) {
        query.put("continuation-token", token);
      }
      URI uri = s3.uri(p.bucket(), null, query, i);
      HttpResponse<InputStream> response = s3.send("GET", uri, query, Map.of(), null, 0, i);
      Page page;
      try (InputStream in = response.body()) {
        page = page(in);
      } catch (IOException | XMLStreamException e) {
        throw new NonRetryableNodeException("S3's listing is not readable: " + e, i, null);
      }
      for (Map<String, Object> object : page.objects()) {
        if (taken < p.maxKeys()) {
          out.add(Item.of(object));
          taken++;
        }
      }
      token = page.truncated() && !page.objects().isEmpty() ? page.next() : null;
    } while (token != null && taken < p.maxKeys());
  }

  /** One page of ListObjectsV2. */
  private record Page(List<Map<String, Object>> objects, boolean truncated, String next) {}

  private static Page page(InputStream in) throws XMLStreamException {
    XMLStreamReader r = XML.createXMLStreamReader(in);
    List<Map<String, Object>> objects = new ArrayList<>();
    Map<String, Object> object = null;
    boolean truncated = false;
    String next = null;
    try {
      while (r.hasNext()) {
        if (r.next() != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        switch (r.getLocalName()) {
          case "Contents" -> {
            object = new LinkedHashMap<>();
            objects.add(object);
          }
          case "Key" -> put(object, "key", r.getElementText());
          case "Size" -> put(object, "size", Long.parseLong(r.getElementText().strip()));
          case "LastModified" -> put(object, "lastModified", r.getElementText());
          case "ETag" -> put(object, "etag", r.getElementText());
          case "IsTruncated" -> truncated = Boolean.parseBoolean(r.getElementText().strip());
          case "NextContinuationToken" -> next = r.getElementText();
          default -> {
            // other elements of the listing are not emitted
          }
        }
      }
    } finally {
      r.close();
    }
    return new Page(objects, truncated, next);
  }

  private static void put(Map<String, Object> object, String field, Object value) {
    if (object != null) {
      object.put(field, value);
    }
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // nothing was expected from the body
    }
  }
}
