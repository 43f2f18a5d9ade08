package dev.tyboo.nodes.http;

import dev.tyboo.node.NodeContext;
import dev.tyboo.nodes.internal.Attachments;
import dev.tyboo.spi.binary.BinaryRef;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@code multipart/form-data} body (RFC 7578): text fields, and files streamed from the item's
 * attachments (a field whose value is {@code {"binaryProperty": "<attachment>"}}).
 */
final class Multipart {

  private Multipart() {}

  /** A body and its content type. */
  record Body(BodyPublisher publisher, String contentType) {}

  static Body of(NodeContext ctx, int i, Map<?, ?> fields) {
    byte[] random = new byte[12];
    ThreadLocalRandom.current().nextBytes(random);
    String boundary = "tyboo-" + HexFormat.of().formatHex(random);
    List<BodyPublisher> parts = new ArrayList<>();
    for (Map.Entry<?, ?> field : fields.entrySet()) {
      String name = quoted(String.valueOf(field.getKey()));
      StringBuilder head = new StringBuilder("--").append(boundary).append("\r\n");
      if (field.getValue() instanceof Map<?, ?> file && file.get("binaryProperty") != null) {
        String property = String.valueOf(file.get("binaryProperty"));
        BinaryRef ref = Attachments.required(ctx, i, property);
        String fileName = ref.fileName() != null ? ref.fileName() : property;
        head.append("Content-Disposition: form-data; name=\"")
            .append(name)
            .append("\"; filename=\"")
            .append(quoted(fileName))
            .append("\"\r\nContent-Type: ")
            .append(ref.mimeType() != null ? ref.mimeType() : "application/octet-stream")
            .append("\r\n\r\n");
        parts.add(BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8));
        parts.add(BodyPublishers.ofInputStream(() -> ctx.binaries().open(ref)));
        parts.add(BodyPublishers.ofString("\r\n"));
      } else {
        head.append("Content-Disposition: form-data; name=\"")
            .append(name)
            .append("\"\r\n\r\n")
            .append(field.getValue() == null ? "" : String.valueOf(field.getValue()))
            .append("\r\n");
        parts.add(BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8));
      }
    }
    parts.add(BodyPublishers.ofString("--" + boundary + "--\r\n"));
    return new Body(
        BodyPublishers.concat(parts.toArray(BodyPublisher[]::new)),
        "multipart/form-data; boundary=" + boundary);
  }

  /** A name or file name inside a quoted header parameter (RFC 7578 4.2: percent-encode quotes). */
  private static String quoted(String s) {
    return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
  }
}
