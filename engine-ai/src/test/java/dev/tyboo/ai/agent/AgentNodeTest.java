package dev.tyboo.ai.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.ai.ChatMessage;
import dev.tyboo.ai.ChatRequest;
import dev.tyboo.ai.ChatRole;
import dev.tyboo.ai.ToolCall;
import dev.tyboo.ai.ToolSpec;
import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.cost.PriceTable;
import dev.tyboo.ai.nodes.AgentNode;
import dev.tyboo.ai.nodes.AiNodes;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.store.Storage;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The AI Agent node over a scripted model: tool loops, limits, approvals, replay, memory. */
class AgentNodeTest {

  private static final Duration AWAIT = Duration.ofSeconds(10);

  private final ScriptedModels model = new ScriptedModels();
  private final List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> weatherCalls = new CopyOnWriteArrayList<>();
  private final List<String> keys = new CopyOnWriteArrayList<>();
  private final AtomicInteger refunds = new AtomicInteger();
  private Engine engine;
  private AgentNode agent;

  private static final Map<String, Object> CITY =
      Map.of(
          "type", "object",
          "properties", Map.of("city", Map.of("type", "string")),
          "required", List.of("city"));

  private final AgentTool weather =
      AgentTool.of(
          new ToolSpec("weather", "Today's weather in a city", CITY),
          (args, call) -> {
            weatherCalls.add(args);
            keys.add(call.idempotencyKey());
            if ("Atlantis".equals(args.get("city"))) {
              throw new IllegalStateException("no such city");
            }
            return Map.of("city", args.get("city"), "sky", "sunny");
          });

  private final AgentTool refund =
      AgentTool.of(
          new ToolSpec(
              "refund",
              "Refunds an order",
              Map.of(
                  "type",
                  "object",
                  "properties",
                  Map.of("order", Map.of("type", "string")),
                  "required",
                  List.of("order"))),
          true,
          (args, call) -> "refunded " + args.get("order") + " #" + refunds.incrementAndGet());

  /** A node type agents may call: greets someone some times. */
  static final NodeType GREET =
      NodeType.of(
          dev.tyboo.node.NodeDescriptor.builder("test.greet")
              .description("Greets someone")
              .property(dev.tyboo.node.PropertySpec.string("text").required())
              .property(dev.tyboo.node.PropertySpec.integer("times").withDefault(1))
              .property(dev.tyboo.node.PropertySpec.string("punctuation").withDefault("!"))
              .build(),
          ctx ->
              dev.tyboo.node.NodeResult.of(
                  List.of(
                      Item.of(
                          Map.of(
                              "said",
                              (ctx.stringParameter("text", 0)
                                      + ctx.stringParameter("punctuation", 0))
                                  .repeat(ctx.parameter("times", 0, Number.class).intValue()),
                              "key",
                              ctx.idempotencyKey())))));

  private Engine engine(boolean durable) {
    AiNodes ai =
        AiNodes.builder()
            .nodeTypes(NodeRegistry.of(GREET))
            .providers(ModelProviders.defaults().with(model))
            .costs(CostTracker.of(PriceTable.empty()))
            .tool(weather)
            .tool(refund)
            .build();
    agent =
        (AgentNode)
            ai.nodeTypes().stream().filter(t -> t instanceof AgentNode).findFirst().orElseThrow();
    EngineBuilder b =
        Engine.builder()
            .nodeTypes(NodeRegistry.of(ai.nodeTypes().toArray(new NodeType[0])))
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(3)
                    .backoff(Duration.ofMillis(1), Duration.ofMillis(1))
                    .jitter(0)
                    .build())
            .listener(events::add);
    if (durable) {
      b.storage(Storage.inMemory(Clock.system()));
    }
    engine = b.build();
    return engine;
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private Workflow workflow(Map<String, Object> extra, String... tools) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("provider", "scripted");
    p.put("model", "m");
    p.put("systemPrompt", "You help with the weather.");
    p.put("prompt", "{{ $json.question }}");
    List<Map<String, Object>> t = new ArrayList<>();
    for (String name : tools) {
      t.add(Map.of("type", "host", "name", name));
    }
    p.put("tools", t);
    p.putAll(extra);
    return Workflow.named("assist").node("agent", NodeDefinition.of(agent, p)).build();
  }

  private Execution run(Workflow wf, String question) throws Exception {
    Execution run = engine.start(wf, Item.of(Map.of("question", question)));
    run.await(AWAIT);
    return run;
  }

  private static Map<String, Object> out(Execution run) {
    return run.output("agent").getFirst().json();
  }

  private static ToolCall call(String id, String name, String arguments) {
    return new ToolCall(id, name, arguments);
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {false, true})
  void calls_tools_over_several_turns_and_answers(boolean durable) throws Exception {
    engine(durable);
    model
        .thenCall(call("c1", "weather", "{\"city\":\"Paris\"}"))
        .thenCall(call("c2", "weather", "{\"city\":\"Oslo\"}"))
        .thenAnswer("Sunny in Paris and Oslo.");

    Execution run = run(workflow(Map.of(), "weather"), "Weather in Paris and Oslo?");

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(out(run))
        .containsEntry("text", "Sunny in Paris and Oslo.")
        .containsEntry("iterations", 3);
    assertThat(weatherCalls).extracting(a -> a.get("city")).containsExactly("Paris", "Oslo");
    assertThat(keys)
        .containsExactly(
            run.id().value() + "/agent/0/0/tool/0/0", run.id().value() + "/agent/0/0/tool/1/0");
    List<ChatMessage> last = model.requests.getLast().messages();
    assertThat(last)
        .extracting(ChatMessage::role)
        .containsExactly(
            ChatRole.SYSTEM,
            ChatRole.USER,
            ChatRole.ASSISTANT,
            ChatRole.TOOL,
            ChatRole.ASSISTANT,
            ChatRole.TOOL);
    assertThat(last.get(3).toolCallId()).isEqualTo("c1");
    assertThat(last.get(3).text()).contains("\"sky\":\"sunny\"");
    assertThat(model.requests.getFirst().tools())
        .extracting(ToolSpec::name)
        .containsExactly("weather");
    assertThat(events)
        .filteredOn(e -> e instanceof ExecutionEvent.NodeProgress p && p.kind().equals("toolCalls"))
        .hasSize(2);
  }

  @Test
  void runs_parallel_calls_in_order_and_answers_each() throws Exception {
    engine(false);
    model
        .thenCall(
            call("a", "weather", "{\"city\":\"Paris\"}"),
            call("b", "weather", "{\"city\":\"Rome\"}"))
        .thenAnswer("Both sunny.");

    Execution run = run(workflow(Map.of(), "weather"), "Paris and Rome?");

    assertThat(out(run)).containsEntry("text", "Both sunny.");
    List<ChatMessage> last = model.requests.getLast().messages();
    assertThat(last.subList(3, 5)).extracting(ChatMessage::toolCallId).containsExactly("a", "b");
    assertThat(last.get(2).toolCalls()).hasSize(2);
  }

  @Test
  void tells_the_model_of_malformed_arguments_unknown_tools_and_failures() throws Exception {
    engine(false);
    model
        .thenCall(
            call("a", "weather", "{city: Paris"),
            call("b", "weather", "{\"town\":\"Paris\"}"),
            call("c", "forecast", "{}"),
            call("d", "weather", "{\"city\":\"Atlantis\"}"))
        .thenCall(call("e", "weather", "{\"city\":\"Paris\"}"))
        .thenAnswer("Sunny.");

    Execution run = run(workflow(Map.of(), "weather"), "Paris?");

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<ChatMessage> second = model.requests.get(1).messages();
    assertThat(second.subList(3, 7))
        .extracting(ChatMessage::text)
        .satisfiesExactly(
            t -> assertThat(t).startsWith("Error: the arguments are not valid JSON"),
            t -> assertThat(t).contains("do not match the tool's schema").contains("city"),
            t -> assertThat(t).contains("there is no tool 'forecast'").contains("weather"),
            t -> assertThat(t).isEqualTo("Error: the tool failed: no such city"));
    assertThat(weatherCalls).extracting(a -> a.get("city")).containsExactly("Atlantis", "Paris");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> log = (List<Map<String, Object>>) out(run).get("toolCalls");
    assertThat(log).extracting(e -> e.get("ok")).containsExactly(false, false, false, false, true);
  }

  @Test
  void stops_a_model_that_never_stops_calling_tools_with_the_transcript() throws Exception {
    engine(false);
    model.thenCall(call("x", "weather", "{\"city\":\"Paris\"}"));

    Execution run = run(workflow(Map.of("maxIterations", 3), "weather"), "Paris?");

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow()).isInstanceOf(AgentLimitException.class);
    AgentLimitException stop = (AgentLimitException) run.error().orElseThrow();
    assertThat(stop.limit()).isEqualTo(AgentLimit.ITERATIONS);
    assertThat(stop.getMessage()).contains("3 model calls");
    assertThat(stop.transcript()).hasSize(2 + 3 * 2);
    assertThat(model.requests).as("not retried").hasSize(3);
    assertThat(weatherCalls).hasSize(3);
  }

  @Test
  void stops_at_the_token_budget() throws Exception {
    engine(false);
    model.thenCall(call("x", "weather", "{\"city\":\"Paris\"}"));

    Execution run = run(workflow(Map.of("maxTokens", 40), "weather"), "Paris?");

    assertThat(((AgentLimitException) run.error().orElseThrow()).limit())
        .isEqualTo(AgentLimit.TOKENS);
    assertThat(model.requests).hasSize(3); // 15 tokens per call: 45 > 40 after the third
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {false, true})
  void resumes_after_a_failed_model_call_without_repeating_recorded_steps(boolean durable)
      throws Exception {
    engine(durable);
    model
        .thenCall(call("c1", "weather", "{\"city\":\"Paris\"}"))
        .thenFailRetryably()
        .thenAnswer("Sunny.");

    Execution run = run(workflow(Map.of(), "weather"), "Paris?");

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(run.nodeRun("agent").attempts()).isEqualTo(2);
    assertThat(model.requests).as("the first call was replayed from its step").hasSize(3);
    assertThat(weatherCalls).as("the tool call was not made again").hasSize(1);
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {false, true})
  void waits_for_approval_holding_no_thread_then_calls_the_tool_once(boolean durable)
      throws Exception {
    engine(durable);
    model
        .thenCall(call("r1", "refund", "{\"order\":\"A-1\"}"))
        .thenCall(call("r2", "refund", "{\"order\":\"B-2\"}"))
        .thenAnswer("Refunded A-1; B-2 was refused.");
    Execution run = engine.start(workflow(Map.of(), "refund"), Item.of(Map.of("question", "?")));

    String first = approvalToken(run, null);
    assertThat(refunds).hasValue(0);
    engine.resume(first, List.of(Item.of(Map.of("approved", true))));
    String second = approvalToken(run, first);
    engine.resume(second, List.of(Item.of(Map.of("approved", false, "reason", "too large"))));

    assertThat(run.await(AWAIT)).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(refunds).as("approved once, refused once").hasValue(1);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> log = (List<Map<String, Object>>) out(run).get("toolCalls");
    assertThat(log).extracting(e -> e.get("approved")).containsExactly(true, false);
    assertThat(log.get(1).get("result")).isEqualTo("Error: a person denied this call: too large");
    assertThat(model.requests).as("no model call repeated across the waits").hasSize(3);
  }

  private String approvalToken(Execution run, String previous) {
    long until = System.nanoTime() + AWAIT.toNanos();
    while (System.nanoTime() < until) {
      String token = run.resumeTokens().get("agent");
      if (run.status() == ExecutionStatus.WAITING && token != null && !token.equals(previous)) {
        assertThat(events)
            .filteredOn(
                e -> e instanceof ExecutionEvent.NodeProgress p && p.kind().equals("approval"))
            .extracting(e -> ((ExecutionEvent.NodeProgress) e).data().get("resumeToken"))
            .contains(token);
        return token;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError(run + " does not wait for an approval; " + run.status());
  }

  @Test
  void follows_the_react_protocol_for_models_without_tools() throws Exception {
    engine(false);
    model
        .thenAnswer(
            "Thought: I need the weather.\nAction: weather\nAction Input: {\"city\":\"Paris\"}")
        .thenAnswer("Thought: done.\nFinal Answer: Sunny in Paris.");

    Execution run = run(workflow(Map.of("reasoning", "react"), "weather"), "Paris?");

    assertThat(out(run)).containsEntry("text", "Sunny in Paris.");
    ChatRequest first = model.requests.getFirst();
    assertThat(first.tools()).isEmpty();
    assertThat(first.messages().getFirst().text()).contains("Action Input:").contains("weather");
    assertThat(model.requests.getLast().messages().getLast().text())
        .startsWith("Observation: ")
        .contains("sunny");
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {false, true})
  void remembers_a_conversation_across_executions_in_a_window(boolean durable) throws Exception {
    engine(durable);
    model.then(r -> ScriptedModels.answer("answer " + model.requests.size()));
    Workflow wf = workflow(Map.of("conversationId", "user-7", "memoryMessages", 2));

    for (String q : List.of("one", "two", "three")) {
      assertThat(run(wf, q).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    assertThat(model.requests.getLast().messages())
        .extracting(ChatMessage::text)
        .containsExactly("You help with the weather.", "two", "answer 2", "three");
    assertThat(model.requests.get(1).messages())
        .extracting(ChatMessage::text)
        .containsExactly("You help with the weather.", "one", "answer 1", "two");
  }

  @Test
  void summarizes_older_turns_through_the_model() throws Exception {
    engine(true);
    model.then(
        r ->
            ScriptedModels.answer(
                r.messages().getFirst().text().startsWith("Summarize")
                    ? "SUMMARY(" + r.messages().getLast().text().replace('\n', '|') + ")"
                    : "answer to " + r.messages().getLast().text()));
    Workflow wf = workflow(Map.of("conversationId", "c", "memory", "summary", "memoryMessages", 4));

    for (String q : List.of("q1", "q2", "q3", "q4")) {
      assertThat(run(wf, q).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    List<String> last =
        model.requests.getLast().messages().stream().map(ChatMessage::text).toList();
    assertThat(last.get(1)).startsWith("Summary of the earlier conversation: SUMMARY(");
    assertThat(last.get(1)).contains("user: q1").contains("assistant: answer to q2");
    assertThat(last.subList(2, last.size())).containsExactly("q3", "answer to q3", "q4");
  }

  @ParameterizedTest(name = "durable={0}")
  @ValueSource(booleans = {false, true})
  void calls_deployed_workflows_as_tools_holding_no_thread(boolean durable) throws Exception {
    engine(durable);
    NodeType price =
        NodeType.of(
            dev.tyboo.node.NodeDescriptor.builder("test.price").build(),
            ctx -> {
              Object sku = ctx.input().getFirst().json().get("sku");
              if ("none".equals(sku)) {
                throw new dev.tyboo.error.NonRetryableNodeException("unknown sku");
              }
              return dev.tyboo.node.NodeResult.of(
                  List.of(Item.of(Map.of("sku", sku, "price", 12.5))));
            });
    engine.deploy(
        Workflow.named("priceOf").node("price", NodeDefinition.of(price, Map.of())).build());
    model
        .thenCall(call("p1", "price", "{\"sku\":\"X-1\"}"))
        .thenCall(call("p2", "price", "{\"sku\":\"none\"}"))
        .thenAnswer("X-1 costs 12.5.");
    Map<String, Object> tool =
        Map.of(
            "type", "workflow",
            "name", "price",
            "description", "The price of a product",
            "workflow", "priceOf",
            "parameters",
                Map.of(
                    "type", "object",
                    "properties", Map.of("sku", Map.of("type", "string")),
                    "required", List.of("sku")));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("provider", "scripted");
    p.put("model", "m");
    p.put("prompt", "{{ $json.question }}");
    p.put("tools", List.of(tool));
    Workflow wf = Workflow.named("shop").node("agent", NodeDefinition.of(agent, p)).build();

    Execution run = run(wf, "How much is X-1?");

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    List<ChatMessage> last = model.requests.getLast().messages();
    assertThat(last.get(2).text())
        .startsWith("{")
        .contains("\"sku\":\"X-1\"")
        .contains("\"price\":12.5");
    assertThat(last.get(4).text())
        .startsWith("Error: the workflow failed:")
        .contains("unknown sku");
    assertThat(model.requests).as("no model call repeated across the waits").hasSize(3);
  }

  @Test
  void calls_a_node_type_with_parameters_the_model_fills() throws Exception {
    engine(false);
    model.thenCall(call("g1", "greet", "{\"who\":\"Ana\",\"times\":2}")).thenAnswer("Greeted.");
    Map<String, Object> tool =
        Map.of(
            "type", "node",
            "name", "greet",
            "node", "test.greet",
            "nodeParameters",
                Map.of(
                    "text", "Hello $fromAI('who', 'the person to greet')",
                    "times", "$fromAI('times', 'how many times', 'integer')"));
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("provider", "scripted");
    p.put("model", "m");
    p.put("prompt", "{{ $json.question }}");
    p.put("tools", List.of(tool));

    Execution run =
        run(Workflow.named("hi").node("agent", NodeDefinition.of(agent, p)).build(), "Hi");

    assertThat(run.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    ToolSpec spec = model.requests.getFirst().tools().getFirst();
    assertThat(spec.description()).isEqualTo("Greets someone");
    assertThat(spec.parameters().get("properties"))
        .isEqualTo(
            Map.of(
                "who", Map.of("type", "string", "description", "the person to greet"),
                "times", Map.of("type", "integer", "description", "how many times")));
    assertThat(String.valueOf(spec.parameters().get("required")))
        .isIn("[who, times]", "[times, who]");
    String result = model.requests.getLast().messages().getLast().text();
    assertThat(result)
        .contains("\"said\":\"Hello Ana!Hello Ana!\"")
        .contains(run.id().value() + "/agent/0/0/tool/0/0");
  }

  @Test
  void refuses_a_node_tool_of_a_type_agents_were_not_given() throws Exception {
    engine(false);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("provider", "scripted");
    p.put("model", "m");
    p.put("prompt", "Hi");
    p.put("tools", List.of(Map.of("type", "node", "name", "x", "node", "httpRequest")));

    Execution run =
        run(Workflow.named("hi").node("agent", NodeDefinition.of(agent, p)).build(), "Hi");

    assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(run.error().orElseThrow().getMessage())
        .contains("tools[0].node")
        .contains("httpRequest")
        .contains("test.greet");
  }
}
