package dev.tyboo.internal.executor;

import dev.tyboo.error.BinaryTooLargeException;
import dev.tyboo.error.NodeOutputException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.internal.checkpoint.ItemsJson;
import dev.tyboo.node.Item;
import dev.tyboo.spi.binary.BinaryStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * How a durable engine stores node outputs in checkpoints: inline JSON up to a threshold, else (and
 * whenever the JSON holds a NUL, which PostgreSQL's {@code jsonb} refuses) bytes in the binary
 * store, referenced from the checkpoint. A node's own outputs are encoded before the node counts as
 * succeeded, so that outputs the storage cannot take fail the node instead of wedging the
 * checkpoint.
 */
final class CheckpointOutputs {

  private final BinaryStore binaries;
  private final int spillThreshold;
  private final long maxOutputBytes;

  /**
   * Creates the codec.
   *
   * @param binaries where spilled outputs go
   * @param spillThreshold JSON longer than this is spilled
   * @param maxOutputBytes the most JSON one node run's outputs may take
   */
  CheckpointOutputs(BinaryStore binaries, int spillThreshold, long maxOutputBytes) {
    this.binaries = binaries;
    this.spillThreshold = spillThreshold;
    this.maxOutputBytes = maxOutputBytes;
  }

  /**
   * {@return outputs the engine wrote itself (waits, error items, resolved waits) as stored}
   *
   * @param json their JSON, or {@code null} for none
   */
  StoredOutputs store(String json) {
    if (json == null || inline(json)) {
      return new StoredOutputs(json, null);
    }
    return new StoredOutputs(null, write(json.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * {@return a node's outputs as stored}
   *
   * @param nodeId the node, for messages
   * @param outputs its items per port
   * @throws NodeOutputException when they are larger than {@code maxOutputBytes} or than the binary
   *     store takes (the node's failure, not retried)
   * @throws RetryableNodeException when the binary store keeps failing
   */
  StoredOutputs encode(String nodeId, Map<String, List<Item>> outputs) {
    String json = ItemsJson.writeOutputs(outputs);
    if (inline(json)) {
      return new StoredOutputs(json, null);
    }
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxOutputBytes) {
      throw new NodeOutputException(
          "node '"
              + nodeId
              + "' returned "
              + bytes.length
              + " bytes of JSON, more than the engine keeps for one node run ("
              + maxOutputBytes
              + ", DurableOptions.maxOutputBytes); pass large data as attachments",
          null);
    }
    try {
      return new StoredOutputs(null, write(bytes));
    } catch (BinaryTooLargeException e) {
      throw new NodeOutputException(
          "node '"
              + nodeId
              + "' returned "
              + bytes.length
              + " bytes of JSON, more than the storage's binary store takes: "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      throw new RetryableNodeException(
          "node '" + nodeId + "': its outputs could not be stored: " + e.getMessage(), e);
    }
  }

  private boolean inline(String json) {
    return json.length() <= spillThreshold && !json.contains("\\u0000"); // JSON's NUL escape
  }

  private String write(byte[] json) {
    return ThreeTries.run(
            "writing node outputs to the binary store",
            () ->
                binaries.write(new ByteArrayInputStream(json), "outputs.json", "application/json"),
            e -> e instanceof BinaryTooLargeException)
        .id();
  }
}
