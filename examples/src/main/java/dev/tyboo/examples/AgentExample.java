package dev.tyboo.examples;

import dev.tyboo.ai.ToolSpec;
import dev.tyboo.ai.agent.AgentTool;
import dev.tyboo.ai.nodes.AgentNode;
import dev.tyboo.ai.nodes.AiNodes;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AI agent with two tools and a conversation memory. With {@code TYBOO_AGENT_BASE_URL} and
 * {@code TYBOO_AGENT_MODEL} set it talks to that OpenAI-compatible server (Ollama's is {@code
 * http://localhost:11434/v1}; {@code TYBOO_AGENT_API_KEY} when it needs a key); otherwise to a
 * {@link StandInChatModel stand-in} on loopback. Three questions in one conversation: the first two
 * call a tool each, the third is answered from memory.
 */
public final class AgentExample {

  private AgentExample() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception when the stand-in model cannot start
   */
  public static void main(String[] args) throws Exception {
    String baseUrl = System.getenv("TYBOO_AGENT_BASE_URL");
    String model = System.getenv().getOrDefault("TYBOO_AGENT_MODEL", "stand-in");
    String apiKey = System.getenv().getOrDefault("TYBOO_AGENT_API_KEY", "none");
    try (StandInChatModel standIn = baseUrl == null ? new StandInChatModel() : null) {
      run(baseUrl == null ? standIn.baseUrl() : baseUrl, model, apiKey);
    }
  }

  static void run(String baseUrl, String model, String apiKey) {
    AgentTool weather =
        AgentTool.of(
            new ToolSpec(
                "weather",
                "Today's weather in a city",
                Map.of(
                    "type", "object",
                    "properties", Map.of("city", Map.of("type", "string")),
                    "required", List.of("city"))),
            (arguments, call) ->
                new java.util.TreeMap<>(
                    Map.of("city", arguments.get("city"), "sky", "sunny", "c", 21)));
    AgentTool clock =
        AgentTool.of(
            new ToolSpec(
                "clock",
                "The current time in a time zone",
                Map.of("type", "object", "properties", Map.of("zone", Map.of("type", "string")))),
            (arguments, call) ->
                ZonedDateTime.now(ZoneId.of(String.valueOf(arguments.getOrDefault("zone", "UTC"))))
                    .toLocalTime()
                    .withNano(0)
                    .toString());
    AiNodes ai = AiNodes.builder().tool(weather).tool(clock).build();
    AgentNode agent =
        (AgentNode)
            ai.nodeTypes().stream().filter(t -> t instanceof AgentNode).findFirst().orElseThrow();

    Map<String, Object> p = new LinkedHashMap<>();
    p.put("provider", "openai-compatible");
    p.put("model", model);
    p.put("baseUrl", baseUrl);
    p.put("systemPrompt", "You are a concise assistant. Use the tools when they help.");
    p.put("prompt", "{{ $json.question }}");
    p.put(
        "tools",
        List.of(
            Map.of("type", "host", "name", "weather"), Map.of("type", "host", "name", "clock")));
    p.put("conversationId", "{{ $json.user }}");
    p.put("memory", "window");
    p.put("memoryMessages", 10);
    p.put("maxIterations", 5);
    Workflow workflow =
        Workflow.named("assistant")
            .node("agent", NodeDefinition.of(agent, p), o -> o.credential("openAiApi", "main"))
            .build();

    try (Engine engine =
        Engine.builder()
            .nodeTypes(NodeRegistry.of(ai.nodeTypes().toArray(new NodeType[0])))
            .credentials(
                CredentialProvider.inMemory().put("openAiApi", "main", Map.of("apiKey", apiKey)))
            .build()) {
      for (String question :
          List.of(
              "What is the weather in Lisbon?",
              "And what time is it there?",
              "What did I ask you first?")) {
        Execution run =
            engine.start(workflow, Item.of(Map.of("user", "ana", "question", question)));
        run.await(Duration.ofMinutes(2));
        Map<String, Object> out = run.output("agent").getFirst().json();
        System.out.printf("> %s%n", question);
        System.out.printf(
            "  %s (%s tool call(s), %s)%n",
            out.get("text"), ((List<?>) out.get("toolCalls")).size(), run.status());
      }
    }
  }
}
