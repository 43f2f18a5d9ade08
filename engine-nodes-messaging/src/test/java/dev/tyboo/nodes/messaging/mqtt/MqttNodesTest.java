package dev.tyboo.nodes.messaging.mqtt;

import static dev.tyboo.nodes.messaging.Collected.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import dev.tyboo.nodes.messaging.Collected;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT nodes on the real Mosquitto. */
class MqttNodesTest {

  private final String topic = "tyboo/test/" + UUID.randomUUID();
  private final Collected collected = new Collected();
  private final List<Item> seen = collected.items;
  private final NodeType collect = collected.type;
  private final InMemoryCredentialProvider credentials =
      CredentialProvider.inMemory().put("mqtt", "broker", MqttBroker.credential());
  private final Engine engine =
      Engine.builder()
          .nodeType(MqttPublish.type())
          .nodeType(MqttTrigger.type())
          .nodeType(collect)
          .credentials(credentials)
          .retryPolicy(RetryPolicy.none())
          .build();
  private Triggers triggers;

  private final List<String> sessions = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() throws Exception {
    if (triggers != null) {
      triggers.close();
    }
    engine.close();
    for (String session : sessions) {
      MqttBroker.forget(session);
    }
  }

  private Workflow triggered(String workflowName) {
    sessions.add(MqttTrigger.clientId(workflowName, "mqtt"));
    return Workflow.named(workflowName)
        .node("mqtt", MqttTrigger.topic(topic), o -> o.credential("mqtt", "broker"))
        .node("collect", NodeDefinition.of(collect, Map.of()))
        .connect("mqtt", "collect")
        .build();
  }

  @Test
  void publishes_each_item_with_its_message_id_at_least_once() throws Exception {
    BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
    MqttClient subscriber = MqttBroker.client(MqttClient.generateClientId(), true);
    subscriber.subscribe(topic, 1, (t, m) -> received.add(m));
    try {
      Execution run =
          engine.start(
              Workflow.named("publish")
                  .node("publish", MqttPublish.to(topic), o -> o.credential("mqtt", "broker"))
                  .build(),
              List.of(Item.of(Map.of("t", 21.5)), Item.of(Map.of("t", 22))));
      assertThat(run.await(Duration.ofSeconds(15))).isEqualTo(ExecutionStatus.SUCCEEDED);

      MqttMessage first = received.poll(10, TimeUnit.SECONDS);
      MqttMessage second = received.poll(10, TimeUnit.SECONDS);
      assertThat(first.getQos()).isEqualTo(1);
      String id = (String) run.output("publish").getFirst().json().get("messageId");
      assertThat(new String(first.getPayload(), StandardCharsets.UTF_8))
          .isEqualTo("{\"t\":21.5,\"messageId\":\"" + id + "\"}");
      assertThat(new String(second.getPayload(), StandardCharsets.UTF_8)).contains("\"t\":22");
      assertThat(id).startsWith(run.id().value() + "/publish/").endsWith("/0");
    } finally {
      subscriber.disconnect();
      subscriber.close();
    }
  }

  @Test
  void each_message_starts_an_execution_and_a_repeated_message_id_starts_none() throws Exception {
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(triggered("from-mqtt-" + UUID.randomUUID()));
    triggers.start();
    MqttClient publisher = MqttBroker.client(MqttClient.generateClientId(), true);
    try {
      publisher.publish(
          topic, "{\"messageId\": \"a\", \"v\": 1}".getBytes(StandardCharsets.UTF_8), 1, false);
      publisher.publish(topic, "plain text".getBytes(StandardCharsets.UTF_8), 1, false);
      publisher.publish(
          topic, "{\"messageId\": \"a\", \"v\": 2}".getBytes(StandardCharsets.UTF_8), 1, false);
      publisher.publish(
          topic, "{\"messageId\": \"b\", \"v\": 3}".getBytes(StandardCharsets.UTF_8), 1, false);
      await(() -> seen.size() == 3, "three executions ran");
      Thread.sleep(200);
    } finally {
      publisher.disconnect();
      publisher.close();
    }
    assertThat(seen)
        .extracting(i -> i.json().get("payload"))
        .containsExactlyInAnyOrder(
            Map.of("messageId", "a", "v", 1), "plain text", Map.of("messageId", "b", "v", 3));
    assertThat(
            seen.stream()
                .filter(i -> "a".equals(i.json().get("messageId")))
                .findFirst()
                .orElseThrow()
                .json())
        .containsEntry("topic", topic)
        .containsEntry("messageId", "a")
        .containsEntry("qos", 1);
  }

  @Test
  void a_message_that_cannot_be_started_is_held_and_tried_again_in_order() throws Exception {
    AtomicInteger failures = new AtomicInteger(2);
    List<String> acknowledged = new CopyOnWriteArrayList<>();
    triggers =
        Triggers.builder(engine)
            .credentials(credentials)
            .beforeAcknowledge(
                (id, execution) -> {
                  if (failures.getAndDecrement() > 0) {
                    throw new IllegalStateException("database down");
                  }
                  acknowledged.add(id);
                })
            .build();
    triggers.register(triggered("held-" + UUID.randomUUID()));
    triggers.start();
    MqttClient publisher = MqttBroker.client(MqttClient.generateClientId(), true);
    try {
      publisher.publish(topic, "{\"messageId\": \"x\"}".getBytes(StandardCharsets.UTF_8), 1, false);
      publisher.publish(topic, "{\"messageId\": \"y\"}".getBytes(StandardCharsets.UTF_8), 1, false);
      // an execution may run before its start returns to the trigger, which then acknowledges it
      await(() -> seen.size() == 2 && acknowledged.size() == 2, "both ran and were acknowledged");
    } finally {
      publisher.disconnect();
      publisher.close();
    }
    assertThat(acknowledged).as("in order, the held one first").containsExactly("x", "y");
    assertThat(seen).as("one execution each").hasSize(2);
  }

  @Test
  void messages_published_while_no_one_listens_arrive_when_the_trigger_listens_again()
      throws Exception {
    String workflow = "resumed-" + UUID.randomUUID();
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(triggered(workflow));
    triggers.start(); // makes the persistent session and its subscription
    triggers.close();
    MqttClient publisher = MqttBroker.client(MqttClient.generateClientId(), true);
    publisher.publish(
        topic, "{\"messageId\": \"while-down\"}".getBytes(StandardCharsets.UTF_8), 1, false);
    publisher.disconnect();
    publisher.close();
    assertThat(seen).isEmpty();

    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(triggered(workflow));
    triggers.start();
    await(() -> seen.size() == 1, "the message kept by the broker ran");
  }

  @Test
  void a_refused_login_is_not_retried_and_never_shows_the_password(@TempDir Path dir)
      throws Exception {
    try (MqttBroker.WithPasswords broker = new MqttBroker.WithPasswords(dir)) {
      Map<String, Object> wrong =
          Map.of(
              "host",
              "127.0.0.1",
              "port",
              broker.port,
              "username",
              "tyboo",
              "password",
              "s3cret-wrong");
      Map<String, Object> right =
          Map.of(
              "host", "127.0.0.1", "port", broker.port, "username", "tyboo", "password", "right");
      for (Map<String, Object> credential : List.of(wrong, right)) {
        try (Engine e =
            Engine.builder()
                .nodeType(MqttPublish.type())
                .credentials(CredentialProvider.inMemory().put("mqtt", "broker", credential))
                .retryPolicy(RetryPolicy.none())
                .build()) {
          Execution run =
              e.start(
                  Workflow.named("publish")
                      .node("publish", MqttPublish.to("t"), o -> o.credential("mqtt", "broker"))
                      .build(),
                  List.of(Item.of(Map.of())));
          run.await(Duration.ofSeconds(15));
          if (credential == wrong) {
            assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
            assertThat(run.error().orElseThrow())
                .isInstanceOf(NonRetryableNodeException.class)
                .hasMessageContaining("refused the credential's login");
            assertThat(run.error().orElseThrow().getMessage()).doesNotContain("s3cret");
          } else {
            assertThat(run.status())
                .as("the right password is let in")
                .isEqualTo(ExecutionStatus.SUCCEEDED);
          }
        }
      }
    }
  }

  @Test
  void a_broker_that_cannot_be_reached_fails_retryably() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (Engine e =
        Engine.builder()
            .nodeType(MqttPublish.type())
            .credentials(
                CredentialProvider.inMemory()
                    .put("mqtt", "broker", Map.of("host", "127.0.0.1", "port", port)))
            .retryPolicy(RetryPolicy.none())
            .build()) {
      Execution run =
          e.start(
              Workflow.named("publish")
                  .node("publish", MqttPublish.to("t"), o -> o.credential("mqtt", "broker"))
                  .build(),
              List.of(Item.of(Map.of())));
      run.await(Duration.ofSeconds(20));
      assertThat(run.error().orElseThrow())
          .isInstanceOf(RetryableNodeException.class)
          .hasMessageContaining("cannot be reached");
    }
  }

  @Test
  void a_bad_topic_and_a_bad_qos_are_named() throws Exception {
    Execution run =
        engine.start(
            Workflow.named("publish")
                .node(
                    "publish",
                    NodeDefinition.of(
                        MqttPublish.type(),
                        Map.of("topic", "a/+/wildcards-are-for-filters", "qos", 1)),
                    o -> o.credential("mqtt", "broker"))
                .build(),
            List.of(Item.of(Map.of())));
    run.await(Duration.ofSeconds(15));
    assertThat(run.error().orElseThrow())
        .isInstanceOf(NonRetryableNodeException.class)
        .hasMessageContaining("topic");

    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(
        Workflow.named("bad-qos")
            .node(
                "mqtt",
                NodeDefinition.of(MqttTrigger.type(), Map.of("topic", topic, "qos", 3)),
                o -> o.credential("mqtt", "broker"))
            .build());
    assertThatThrownBy(triggers::start).hasMessageContaining("parameter 'qos'");
  }

  @Test
  void the_session_client_id_is_fixed_by_workflow_and_node_and_short_enough_for_any_broker() {
    String id = MqttTrigger.clientId("orders", "mqtt");
    assertThat(id).hasSize(22).isEqualTo(MqttTrigger.clientId("orders", "mqtt"));
    assertThat(MqttTrigger.clientId("orders", "other")).isNotEqualTo(id);
  }
}
