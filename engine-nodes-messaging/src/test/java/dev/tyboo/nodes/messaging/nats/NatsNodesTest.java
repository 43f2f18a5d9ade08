package dev.tyboo.nodes.messaging.nats;

import static dev.tyboo.nodes.messaging.Collected.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.nodes.messaging.Collected;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The NATS nodes on the machine's real NATS server with JetStream. */
class NatsNodesTest {

  private final Collected collected = new Collected();
  private final InMemoryCredentialProvider credentials =
      CredentialProvider.inMemory()
          .put("nats", "main", NatsServer.credential())
          .put("nats", "down", Map.of("servers", "nats://127.0.0.1:9"));
  private final Engine engine =
      Engine.builder()
          .nodeType(NatsPublish.type())
          .nodeType(NatsTrigger.type())
          .nodeType(collected.type)
          .credentials(credentials)
          .retryPolicy(RetryPolicy.none())
          .build();
  private Connection nc;
  private String stream;
  private Triggers triggers;

  @BeforeEach
  void connect() throws Exception {
    nc = NatsServer.connect();
    stream = NatsServer.newStream(nc);
  }

  @AfterEach
  void close() throws Exception {
    if (triggers != null) {
      triggers.close();
    }
    engine.close();
    NatsServer.deleteStream(nc, stream);
    nc.close();
  }

  private Execution publish(NodeDefinition node, String credential, List<Item> items) {
    Execution run =
        engine.start(
            Workflow.named("publish")
                .node("publish", node, o -> o.credential("nats", credential))
                .build(),
            items);
    run.await(Duration.ofSeconds(20));
    return run;
  }

  private Workflow triggered(String name, NodeDefinition trigger) {
    return Workflow.named(name)
        .node("nats", trigger, o -> o.credential("nats", "main"))
        .node("collect", NodeDefinition.of(collected.type, Map.of()))
        .connect("nats", "collect")
        .build();
  }

  @Test
  void core_publish_reaches_a_subscriber_with_the_message_id_header() throws Exception {
    String subject = "tyboo.core." + UUID.randomUUID();
    Subscription sub = nc.subscribe(subject);
    nc.flush(Duration.ofSeconds(5));
    Execution run =
        publish(
            NatsPublish.to(subject),
            "main",
            List.of(Item.of(Map.of("order", 1)), Item.of(Map.of("order", 2))));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);

    Message first = sub.nextMessage(Duration.ofSeconds(5));
    Message second = sub.nextMessage(Duration.ofSeconds(5));
    assertThat(new String(first.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"order\":1}");
    assertThat(new String(second.getData(), StandardCharsets.UTF_8)).isEqualTo("{\"order\":2}");
    String id = (String) run.output("publish").getFirst().json().get("messageId");
    assertThat(id).isEqualTo(run.id().value() + "/publish/0/0");
    assertThat(first.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(id);
  }

  @Test
  void jetstream_publish_is_acknowledged_and_a_repeated_message_id_is_stored_once()
      throws Exception {
    Execution run =
        publish(
            NatsPublish.toJetStream(stream + ".orders"),
            "main",
            List.of(Item.of(Map.of("order", 7))));
    assertThat(run.status()).as("%s", run.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    Map<String, Object> out = run.output("publish").getFirst().json();
    assertThat(out)
        .containsEntry("stream", stream)
        .containsEntry("sequence", 1L)
        .containsEntry("duplicate", false);

    // the node re-run after a crash sends the same id: JetStream keeps the first
    Headers again = new Headers().add("Nats-Msg-Id", (String) out.get("messageId"));
    JetStream js = nc.jetStream();
    PublishAck ack =
        js.publish(
            NatsMessage.builder()
                .subject(stream + ".orders")
                .headers(again)
                .data("{\"order\":7}")
                .build());
    assertThat(ack.isDuplicate()).isTrue();
    assertThat(nc.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount())
        .isEqualTo(1);
  }

  @Test
  void the_jetstream_trigger_takes_earlier_messages_acks_after_store_and_dedupes_by_id()
      throws Exception {
    JetStream js = nc.jetStream();
    js.publish(
        NatsMessage.builder()
            .subject(stream + ".orders")
            .headers(new Headers().add("Nats-Msg-Id", "order-1"))
            .data("{\"order\":1}")
            .build());
    js.publish(stream + ".orders", "plain text".getBytes(StandardCharsets.UTF_8));
    String workflow = "from-nats-" + UUID.randomUUID();
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(triggered(workflow, NatsTrigger.jetStream(stream, stream + ".orders")));
    triggers.start();

    await(() -> collected.items.size() == 2, "both messages ran");
    Map<String, Object> first = collected.items.getFirst().json();
    assertThat(first)
        .containsEntry("subject", stream + ".orders")
        .containsEntry("payload", Map.of("order", 1))
        .containsEntry("messageId", "order-1")
        .containsEntry("stream", stream)
        .containsEntry("sequence", 1L);
    assertThat(collected.items.get(1).json())
        .containsEntry("payload", "plain text")
        .containsEntry("messageId", stream + "/2");
    String durable = NatsTrigger.consumerName(workflow, "nats");
    await(
        () -> {
          try {
            ConsumerInfo info = nc.jetStreamManagement().getConsumerInfo(stream, durable);
            return info.getNumAckPending() == 0 && info.getNumPending() == 0;
          } catch (Exception e) {
            return false;
          }
        },
        "both acknowledged");
    assertThat(collected.items).hasSize(2);
  }

  @Test
  void the_core_trigger_starts_an_execution_per_message() throws Exception {
    String subject = "tyboo.core." + UUID.randomUUID();
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(
        triggered(
            "core-" + UUID.randomUUID(),
            NodeDefinition.of(NatsTrigger.type(), Map.of("subject", subject))));
    triggers.start();
    // core NATS drops what is published before the subscription reaches the server: probe first
    await(
        () -> {
          nc.publish(subject, "{\"probe\":true}".getBytes(StandardCharsets.UTF_8));
          try {
            Thread.sleep(50);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return !collected.items.isEmpty();
        },
        "the subscription is live");
    nc.publish(subject, "{\"n\":1}".getBytes(StandardCharsets.UTF_8));
    nc.publish(subject, "{\"n\":2}".getBytes(StandardCharsets.UTF_8));
    await(
        () ->
            collected.items.stream().filter(i -> !i.json().toString().contains("probe")).count()
                == 2,
        "both messages ran");
    assertThat(collected.items)
        .extracting(i -> i.json().get("payload"))
        .filteredOn(p -> !String.valueOf(p).contains("probe"))
        .containsExactlyInAnyOrder(Map.of("n", 1), Map.of("n", 2));
  }

  @Test
  void a_refused_login_is_final_an_unreachable_server_retryable(@TempDir Path dir)
      throws Exception {
    try (NatsServer.WithPasswords secured = new NatsServer.WithPasswords(dir)) {
      String url = "nats://127.0.0.1:" + secured.port;
      credentials.put(
          "nats", "wrong", Map.of("servers", url, "username", "tyboo", "password", "no"));
      credentials.put(
          "nats", "right", Map.of("servers", url, "username", "tyboo", "password", "right"));
      Execution refused = publish(NatsPublish.to("a.b"), "wrong", List.of(Item.empty()));
      assertThat(refused.error().orElseThrow())
          .isInstanceOf(NonRetryableNodeException.class)
          .hasMessageContaining("refused");
      assertThat(refused.error().orElseThrow().getMessage()).doesNotContain("no\"");
      Execution accepted = publish(NatsPublish.to("a.b"), "right", List.of(Item.empty()));
      assertThat(accepted.status()).as("%s", accepted.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
    Execution down = publish(NatsPublish.to("a.b"), "down", List.of(Item.empty()));
    assertThat(down.error().orElseThrow()).isInstanceOf(RetryableNodeException.class);
  }

  @Test
  void bad_subjects_and_a_subject_no_stream_takes_are_typed_parameter_errors() {
    Execution spaces = publish(NatsPublish.to("has spaces"), "main", List.of(Item.empty()));
    assertThat(spaces.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("subject");
    Execution nowhere =
        publish(
            NatsPublish.toJetStream("nowhere." + UUID.randomUUID()), "main", List.of(Item.empty()));
    assertThat(nowhere.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("no JetStream stream");
  }
}
