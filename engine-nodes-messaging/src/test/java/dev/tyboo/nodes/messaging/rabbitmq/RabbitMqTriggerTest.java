package dev.tyboo.nodes.messaging.rabbitmq;

import static dev.tyboo.nodes.messaging.Collected.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.tyboo.engine.Engine;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeType;
import dev.tyboo.nodes.messaging.Collected;
import dev.tyboo.nodes.trigger.Triggers;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The RabbitMQ trigger on the real RabbitMQ, through {@link Triggers}. */
class RabbitMqTriggerTest {

  private final Collected collected = new Collected();
  private final List<Item> seen = collected.items;
  private final NodeType collect = collected.type;
  private final InMemoryCredentialProvider credentials =
      CredentialProvider.inMemory().put("rabbitmq", "broker", Broker.credential());

  private Connection connection;
  private Channel channel;
  private String queue;
  private Engine engine;
  private Triggers triggers;

  @BeforeEach
  void setUp() throws Exception {
    connection = Broker.connect();
    channel = connection.createChannel();
    queue = Broker.newQueue(channel);
    engine =
        Engine.builder()
            .nodeType(RabbitMqTrigger.type())
            .nodeType(collect)
            .credentials(credentials)
            .build();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (triggers != null) {
      triggers.close();
    }
    engine.close();
    channel.queueDelete(queue);
    connection.close();
  }

  private Workflow workflow(NodeDefinition trigger) {
    return Workflow.named("from-rabbit")
        .node("queue", trigger, o -> o.credential("rabbitmq", "broker"))
        .node("collect", NodeDefinition.of(collect, Map.of()))
        .connect("queue", "collect")
        .build();
  }

  private void send(String messageId, String contentType, String body) throws Exception {
    channel.basicPublish(
        "",
        queue,
        new AMQP.BasicProperties.Builder().messageId(messageId).contentType(contentType).build(),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private long queued() throws Exception {
    AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(queue);
    return ok.getMessageCount();
  }

  @Test
  void each_message_starts_an_execution_and_is_acknowledged_after_it() throws Exception {
    triggers = Triggers.builder(engine).credentials(credentials).build();
    assertThat(triggers.register(workflow(RabbitMqTrigger.queue(queue)))).isEqualTo("queue");
    triggers.start();

    send("m-1", "application/json", "{\"order\": 1}");
    send("m-2", "text/plain", "hello");
    send("m-3", "application/json", "not json {");
    await(() -> seen.size() == 3, "three executions ran");

    assertThat(seen)
        .extracting(i -> i.json().get("body"))
        .containsExactlyInAnyOrder(Map.of("order", 1), "hello", "not json {");
    Item first =
        seen.stream()
            .filter(i -> "m-1".equals(i.json().get("messageId")))
            .findFirst()
            .orElseThrow();
    assertThat(first.json())
        .containsEntry("messageId", "m-1")
        .containsEntry("routingKey", queue)
        .containsEntry("exchange", "")
        .containsEntry("redelivered", false);
    await(() -> unchecked(this::queued) == 0, "every message was acknowledged");
  }

  @Test
  void a_message_delivered_twice_starts_one_execution() throws Exception {
    AtomicInteger handOffs = new AtomicInteger();
    List<String> executions = new CopyOnWriteArrayList<>();
    triggers =
        Triggers.builder(engine)
            .credentials(credentials)
            .beforeAcknowledge(
                (messageId, execution) -> {
                  executions.add(execution.id().value());
                  if (handOffs.incrementAndGet() == 1) {
                    // as if the process died before acknowledging: the broker delivers it again
                    throw new IllegalStateException("lost before the acknowledgement");
                  }
                })
            .build();
    triggers.register(workflow(RabbitMqTrigger.queue(queue)));
    triggers.start();

    send("once", "application/json", "{\"n\": 1}");
    await(() -> handOffs.get() >= 2, "the message came back");
    await(() -> unchecked(this::queued) == 0, "it was acknowledged the second time");
    Thread.sleep(200);

    assertThat(executions).hasSize(2).containsOnly(executions.getFirst());
    assertThat(seen).as("the workflow ran once").hasSize(1);
  }

  @Test
  void a_message_over_the_size_limit_is_rejected_without_starting_anything() throws Exception {
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(
        workflow(
            NodeDefinition.of(RabbitMqTrigger.type(), Map.of("queue", queue, "maxBodyBytes", 16))));
    triggers.start();

    send("big", "text/plain", "x".repeat(17));
    send("small", "text/plain", "ok");
    await(() -> seen.size() == 1, "the small one ran");
    await(() -> unchecked(this::queued) == 0, "the big one left the queue");
    assertThat(seen.getFirst().json()).containsEntry("body", "ok");
  }

  @Test
  void a_queue_that_does_not_exist_fails_the_start_naming_the_trigger() {
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(workflow(RabbitMqTrigger.queue("tyboo-no-such-queue")));
    assertThatThrownBy(triggers::start)
        .hasMessageContaining("trigger 'queue' of workflow 'from-rabbit' cannot listen")
        .hasMessageContaining("404");
  }

  @Test
  void bad_parameters_and_a_missing_credential_are_named() {
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(
        workflow(NodeDefinition.of(RabbitMqTrigger.type(), Map.of("queue", queue, "prefetch", 0))));
    assertThatThrownBy(triggers::start)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("parameter 'prefetch'");

    Triggers noCredentials = Triggers.builder(engine).build();
    noCredentials.register(workflow(RabbitMqTrigger.queue(queue)));
    assertThatThrownBy(noCredentials::start)
        .isInstanceOf(dev.tyboo.error.CredentialException.class)
        .hasMessageContaining("credential 'broker' of type 'rabbitmq'");
    noCredentials.close();
  }

  @Test
  void a_workflow_without_an_event_trigger_is_refused() {
    triggers = Triggers.builder(engine).build();
    Workflow plain =
        Workflow.named("plain").node("collect", NodeDefinition.of(collect, Map.of())).build();
    assertThatThrownBy(() -> triggers.register(plain))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no event trigger");
  }

  @Test
  void closing_stops_listening_and_leaves_new_messages_queued() throws Exception {
    triggers = Triggers.builder(engine).credentials(credentials).build();
    triggers.register(workflow(RabbitMqTrigger.queue(queue)));
    triggers.start();
    send("a", "text/plain", "a");
    await(() -> seen.size() == 1, "the first ran");
    triggers.close();
    send("b", "text/plain", "b");
    Thread.sleep(300);
    assertThat(seen).hasSize(1);
    assertThat(queued()).isEqualTo(1);
  }

  private interface Check {
    long get() throws Exception;
  }

  private static long unchecked(Check c) {
    try {
      return c.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
