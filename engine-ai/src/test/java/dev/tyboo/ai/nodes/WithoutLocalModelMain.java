package dev.tyboo.ai.nodes;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.node.Item;
import java.time.Duration;
import java.util.Map;

/**
 * Runs in a JVM without the in-process model and ONNX Runtime ({@link WithoutLocalModelTest}): the
 * AI catalogue loads, other nodes run, and the local provider fails saying what to add.
 */
public final class WithoutLocalModelMain {

  private WithoutLocalModelMain() {}

  /**
   * Prints what happened, one line per check.
   *
   * @param args none
   */
  public static void main(String[] args) {
    try {
      Class.forName("ai.onnxruntime.OrtEnvironment");
      System.out.println("ONNX Runtime is on the class path");
    } catch (ClassNotFoundException e) {
      System.out.println("no ONNX Runtime on the class path");
    }
    try (Engine engine =
        Engine.builder().discoverNodeTypes(WithoutLocalModelMain.class.getClassLoader()).build()) {
      Execution split =
          engine.start(
              engine.readWorkflow(
                  """
                  {"name": "split", "nodes": [{"id": "split", "type": "documentSplitter",
                    "parameters": {"text": "{{ $json.text }}", "chunkSize": 10, "chunkOverlap": 0}}]}
                  """),
              Item.listOf(Map.of("text", "one two three four five")));
      split.await(Duration.ofSeconds(30));
      System.out.println("SPLIT " + split.status());
      Execution embed =
          engine.start(
              engine.readWorkflow(
                  """
                  {"name": "embed", "nodes": [{"id": "embed", "type": "embeddings",
                    "parameters": {"provider": "local", "model": "all-minilm-l6-v2",
                                   "text": "{{ $json.text }}"}}]}
                  """),
              Item.listOf(Map.of("text", "hello")));
      embed.await(Duration.ofSeconds(30));
      System.out.println(
          "EMBED " + embed.status() + " " + embed.error().map(Throwable::getMessage).orElse(""));
    }
  }
}
