package dev.tyboo.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.ai.ChatMessage;
import dev.tyboo.ai.ChatRequest;
import dev.tyboo.ai.ChatResult;
import dev.tyboo.ai.ChatRole;
import dev.tyboo.ai.ModelSettings;
import dev.tyboo.ai.TokenUsage;
import dev.tyboo.ai.ToolCall;
import dev.tyboo.ai.agent.AgentTool;
import dev.tyboo.ai.nodes.AgentNode;
import dev.tyboo.ai.nodes.AiNodes;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.ai.spi.Capability;
import dev.tyboo.ai.spi.ChatModel;
import dev.tyboo.ai.spi.EmbeddingModel;
import dev.tyboo.ai.spi.ModelProvider;
import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.Workflow;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The MCP round trip: an AI agent calls, through the SDK's client, the tools of an MCP server that
 * exposes workflows of another engine ({@link McpWorkflowServer} over streamable HTTP).
 */
class McpAgentRoundTripTest {

  private McpFixtures server;
  private McpSyncClient client;
  private Engine engine;
  private final List<ChatRequest> requests = new CopyOnWriteArrayList<>();

  /** A model that asks for the order tool, then answers with what the tool said. */
  private final ModelProvider model =
      new ModelProvider() {
        @Override
        public String name() {
          return "scripted";
        }

        @Override
        public Set<Capability> capabilities() {
          return Set.of(Capability.CHAT, Capability.TOOLS);
        }

        @Override
        public ChatModel chatModel(ModelSettings settings) {
          return request -> {
            requests.add(request);
            ChatMessage last = request.messages().getLast();
            if (last.role() == ChatRole.TOOL) {
              return new ChatResult(
                  "Order says: " + last.text(), List.of(), new TokenUsage(5, 5), "stop", "m");
            }
            return new ChatResult(
                "",
                List.of(new ToolCall("c1", "lookup_order", "{\"id\":\"A-7\"}")),
                new TokenUsage(5, 5),
                "tool_calls",
                "m");
          };
        }

        @Override
        public EmbeddingModel embeddingModel(ModelSettings settings) {
          throw new UnsupportedOperationException();
        }
      };

  @BeforeEach
  void start() throws Exception {
    server = new McpFixtures();
    client =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder(server.baseUrl).endpoint("/mcp").build())
            .requestTimeout(Duration.ofSeconds(10))
            .build();
    client.initialize();
  }

  @AfterEach
  void stop() throws Exception {
    if (engine != null) {
      engine.close();
    }
    client.closeGracefully();
    server.close();
  }

  @Test
  void an_agent_calls_a_workflow_through_mcp_and_answers_with_its_result() throws Exception {
    List<AgentTool> tools = McpTools.of(client);
    assertThat(tools).extracting(t -> t.spec().name()).containsExactly("lookup_order", "refuse");
    assertThat(tools.getFirst().spec().parameters()).containsEntry("required", List.of("id"));

    AiNodes.Builder b = AiNodes.builder().providers(ModelProviders.defaults().with(model));
    tools.forEach(b::tool);
    AiNodes ai = b.build();
    AgentNode agent =
        (AgentNode)
            ai.nodeTypes().stream().filter(t -> t instanceof AgentNode).findFirst().orElseThrow();
    engine =
        Engine.builder()
            .nodeTypes(NodeRegistry.of(ai.nodeTypes().toArray(new NodeType[0])))
            .build();
    Workflow wf =
        Workflow.named("ask")
            .node(
                "agent",
                NodeDefinition.of(
                    agent,
                    Map.of(
                        "provider", "scripted",
                        "model", "m",
                        "prompt", "Where is order A-7?",
                        "tools", List.of(Map.of("type", "host", "name", "lookup_order")))))
            .build();

    Execution run = engine.start(wf, Item.of(Map.of()));
    assertThat(run.await(Duration.ofSeconds(20))).isEqualTo(ExecutionStatus.SUCCEEDED);

    String text = (String) run.output("agent").getFirst().json().get("text");
    assertThat(text).startsWith("Order says: ").contains("\"status\":\"shipped\"").contains("A-7");
    assertThat(requests.getFirst().tools())
        .extracting(t -> t.name())
        .containsExactly("lookup_order");
  }

  @Test
  void a_tool_error_is_told_to_the_model() throws Exception {
    AgentTool refuse = McpTools.of(client).get(1);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                refuse.call(
                    Map.of(), new dev.tyboo.ai.agent.ToolInvocation("k/1", "e", "agent", "")))
        .isInstanceOf(McpToolException.class)
        .hasMessageContaining("orders are closed today");
  }
}
