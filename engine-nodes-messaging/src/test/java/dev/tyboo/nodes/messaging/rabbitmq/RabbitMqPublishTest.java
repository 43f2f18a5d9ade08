package dev.tyboo.nodes.messaging.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.error.RetryableNodeException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The publish node against the real RabbitMQ. */
class RabbitMqPublishTest {

  private Connection connection;
  private Channel channel;
  private String queue;

  @BeforeEach
  void connect() throws Exception {
    connection = Broker.connect();
    channel = connection.createChannel();
    queue = Broker.newQueue(channel);
  }

  @AfterEach
  void close() throws Exception {
    channel.queueDelete(queue);
    connection.close();
  }

  private static Engine engine(Map<String, Object> credential) {
    return Engine.builder()
        .nodeType(RabbitMqPublish.type())
        .credentials(CredentialProvider.inMemory().put("rabbitmq", "broker", credential))
        .retryPolicy(RetryPolicy.none())
        .build();
  }

  private static Execution publish(Engine engine, NodeDefinition node, List<Item> items) {
    Workflow w =
        Workflow.named("publish")
            .node("publish", node, o -> o.credential("rabbitmq", "broker"))
            .build();
    Execution run = engine.start(w, items);
    run.await(Duration.ofSeconds(20));
    return run;
  }

  @Test
  void publishes_each_item_as_a_persistent_json_message_with_a_stable_message_id()
      throws Exception {
    try (Engine engine = engine(Broker.credential())) {
      Execution run =
          publish(
              engine,
              RabbitMqPublish.toQueue(queue),
              List.of(Item.of(Map.of("order", 1)), Item.of(Map.of("order", 2))));
      assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

      List<Item> out = run.output("publish");
      assertThat(out).hasSize(2);
      for (int i = 0; i < 2; i++) {
        GetResponse m = channel.basicGet(queue, true);
        assertThat(m).as("message %d", i).isNotNull();
        assertThat(new String(m.getBody(), StandardCharsets.UTF_8))
            .isEqualTo("{\"order\":" + (i + 1) + "}");
        assertThat(m.getProps().getContentType()).isEqualTo("application/json");
        assertThat(m.getProps().getDeliveryMode()).as("persistent").isEqualTo(2);
        assertThat(m.getProps().getMessageId())
            .isEqualTo(out.get(i).json().get("messageId"))
            .startsWith(run.id().value() + "/publish/")
            .endsWith("/" + i);
      }
      assertThat(channel.basicGet(queue, true)).isNull();
    }
  }

  @Test
  void a_message_parameter_is_an_expression_per_item() throws Exception {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("routingKey", queue);
    p.put("message", "order {{ $json.order }} for {{ $json.who }}");
    p.put("contentType", "text/plain");
    try (Engine engine = engine(Broker.credential())) {
      Execution run =
          publish(
              engine,
              NodeDefinition.of(RabbitMqPublish.type(), p),
              List.of(Item.of(Map.of("order", 7, "who", "ada"))));
      assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
      GetResponse m = channel.basicGet(queue, true);
      assertThat(new String(m.getBody(), StandardCharsets.UTF_8)).isEqualTo("order 7 for ada");
      assertThat(m.getProps().getContentType()).isEqualTo("text/plain");
    }
  }

  @Test
  void a_refused_login_fails_without_retry_and_never_shows_the_password() {
    Map<String, Object> wrong = Broker.credential();
    wrong.put("password", "s3cret-wrong");
    try (Engine engine = engine(wrong)) {
      Execution run = publish(engine, RabbitMqPublish.toQueue(queue), List.of(Item.of(Map.of())));
      assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
      Throwable error = run.error().orElseThrow();
      assertThat(error).isInstanceOf(NonRetryableNodeException.class);
      assertThat(error.getMessage())
          .contains("refused the credential's login")
          .doesNotContain("s3cret");
    }
  }

  @Test
  void a_missing_exchange_fails_without_retry_naming_the_brokers_reply() {
    try (Engine engine = engine(Broker.credential())) {
      Execution run =
          publish(
              engine,
              RabbitMqPublish.toExchange("tyboo-no-such-exchange", "x"),
              List.of(Item.of(Map.of())));
      assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(run.error().orElseThrow())
          .isInstanceOf(NonRetryableNodeException.class)
          .hasMessageContaining("404");
    }
  }

  @Test
  void a_broker_that_cannot_be_reached_fails_retryably() throws Exception {
    Map<String, Object> closed = Broker.credential();
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed.put("port", s.getLocalPort()); // nothing speaks AMQP there once it is closed
    }
    try (Engine engine = engine(closed)) {
      Execution run = publish(engine, RabbitMqPublish.toQueue(queue), List.of(Item.of(Map.of())));
      assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(run.error().orElseThrow())
          .isInstanceOf(RetryableNodeException.class)
          .hasMessageContaining("cannot be reached");
    }
  }

  @Test
  void a_missing_routing_key_is_a_typed_error_naming_the_parameter() {
    try (Engine engine = engine(Broker.credential())) {
      assertThatThrownBy(
              () ->
                  publish(
                      engine,
                      NodeDefinition.of(RabbitMqPublish.type(), Map.of()),
                      List.of(Item.of(Map.of()))))
          .isInstanceOf(WorkflowValidationException.class)
          .hasMessageContaining("$.nodes[0].parameters.routingKey")
          .hasMessageContaining("required parameter 'routingKey' is missing");
    }
  }
}
