package dev.tyboo.nodes.chat;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.NodeContext;
import dev.tyboo.nodes.internal.ApiCall;
import dev.tyboo.nodes.internal.Attachments;
import dev.tyboo.spi.binary.BinaryRef;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Slack's file upload flow, which replaced {@code files.upload}: ask for an upload URL with the
 * file's name and length, send the bytes there (streamed from the binary store, without the token:
 * the URL is authorized), then complete the upload, sharing the file in a channel.
 */
final class SlackUpload {

  private SlackUpload() {}

  static Map<String, Object> upload(
      NodeContext ctx,
      String base,
      Map<String, String> auth,
      String channel,
      String binaryProperty,
      String title,
      String comment,
      String threadTs,
      int i)
      throws InterruptedException {
    BinaryRef ref = Attachments.required(ctx, i, binaryProperty);
    String name = Objects.toString(ref.fileName(), "file");
    URI ask =
        URI.create(
            base
                + "/files.getUploadURLExternal?filename="
                + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "&length="
                + ref.size());
    Map<String, Object> slot = Slack.ok(ApiCall.get("Slack", ask, auth, i).json(), i);
    if (!(slot.get("upload_url") instanceof String url)
        || !(slot.get("file_id") instanceof String id)) {
      throw new NonRetryableNodeException("Slack gave no upload_url and file_id", i, null);
    }
    HttpRequest send =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofMinutes(30))
            .header("Content-Type", "application/octet-stream")
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(() -> ctx.binaries().open(ref)),
                    ref.size()))
            .build();
    ApiCall.send("Slack", send, i);
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("id", id);
    file.put("title", title != null ? title : name);
    Map<String, Object> complete = new LinkedHashMap<>();
    complete.put("files", List.of(file));
    complete.put("channel_id", channel);
    if (comment != null) {
      complete.put("initial_comment", comment);
    }
    if (threadTs != null) {
      complete.put("thread_ts", threadTs);
    }
    Map<String, Object> answer =
        Slack.ok(
            ApiCall.post(
                    "Slack", URI.create(base + "/files.completeUploadExternal"), auth, complete, i)
                .json(),
            i);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("fileId", id);
    json.put("channel", channel);
    json.put("files", answer.get("files"));
    return json;
  }
}
