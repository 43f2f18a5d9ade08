package dev.tyboo.nodes.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.node.Item;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The answer of a Respond to Webhook node that ran in another process reaches the request from the
 * execution's stored result: what the node recorded on its {@code response} output is what the
 * dispatcher sends.
 */
class RecordedAnswerTest {

  private final Engine engine =
      Engine.builder().discoverNodeTypes(RecordedAnswerTest.class.getClassLoader()).build();

  private final Workflow workflow =
      Workflow.named("remote")
          .node(
              "hook",
              Webhook.builder("remote").responseMode(Webhook.ResponseMode.RESPONSE_NODE).build())
          .node("ack", RespondToWebhook.text(201, "created {{ $json.body.id }}"))
          .connect("hook", "ack")
          .build();

  /** An ended execution as another process left it in the store. */
  private record Ended(Workflow workflow, ExecutionStatus status, Map<String, NodeRun> nodeRuns)
      implements Execution {
    @Override
    public ExecutionId id() {
      return ExecutionId.of("01a215e0-0000-7000-8000-000000000001");
    }

    @Override
    public ExecutionStatus await(Duration timeout) {
      return status;
    }

    @Override
    public CompletableFuture<Execution> completion() {
      return CompletableFuture.completedFuture(this);
    }

    @Override
    public boolean cancel() {
      return false;
    }

    @Override
    public Optional<NodeExecutionException> error() {
      return Optional.empty();
    }

    @Override
    public Instant createdAt() {
      return Instant.EPOCH;
    }

    @Override
    public Optional<Instant> finishedAt() {
      return Optional.of(Instant.EPOCH);
    }

    @Override
    public NodeRun nodeRun(String nodeId) {
      return nodeRuns.get(nodeId);
    }

    @Override
    public List<Item> output(String nodeId) {
      return nodeRuns.get(nodeId).mainOutput();
    }

    @Override
    public Map<String, String> resumeTokens() {
      return Map.of();
    }
  }

  @Test
  void the_recorded_response_output_becomes_the_answer() {
    // what the node emits when it runs, here in this process
    Execution local = engine.run(workflow, Item.listOf(Map.of("body", Map.of("id", 7))));
    NodeRun ack = local.nodeRun("ack");
    assertThat(ack.outputs().get(RespondToWebhook.RESPONSE)).hasSize(1);

    WebhookResponse answer =
        WebhookDispatcher.recordedAnswer(
            new Ended(workflow, ExecutionStatus.SUCCEEDED, Map.of("ack", ack)));

    assertThat(answer.status()).isEqualTo(201);
    assertThat(answer.bodyText()).isEqualTo("created 7");
    assertThat(answer.header("content-type")).startsWith("text/plain");
    engine.close();
  }

  @Test
  void an_execution_that_never_answered_gets_500() {
    WebhookResponse answer =
        WebhookDispatcher.recordedAnswer(new Ended(workflow, ExecutionStatus.SUCCEEDED, Map.of()));

    assertThat(answer.status()).isEqualTo(500);
    assertThat(answer.bodyText()).contains("without reaching a Respond to Webhook node");
    engine.close();
  }
}
