package dev.tyboo.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Workflows as MCP tools, called by the SDK's own client over streamable HTTP. */
class McpWorkflowServerTest {

  private McpFixtures fixtures;
  private McpSyncClient client;

  @BeforeEach
  void start() throws Exception {
    fixtures = new McpFixtures();
    client =
        McpClient.sync(
                HttpClientStreamableHttpTransport.builder(fixtures.baseUrl)
                    .endpoint("/mcp")
                    .build())
            .requestTimeout(Duration.ofSeconds(10))
            .build();
    client.initialize();
  }

  @AfterEach
  void stop() throws Exception {
    client.closeGracefully();
    fixtures.close();
  }

  @Test
  void lists_the_workflows_as_tools_with_their_schemas() {
    McpSchema.ListToolsResult tools = client.listTools();

    assertThat(tools.tools())
        .extracting(McpSchema.Tool::name)
        .containsExactly("lookup_order", "refuse");
    McpSchema.Tool lookup = tools.tools().getFirst();
    assertThat(lookup.description()).isEqualTo("Finds an order by its id");
    assertThat(lookup.inputSchema()).containsEntry("required", java.util.List.of("id"));
  }

  @Test
  void answers_a_call_with_the_workflows_end_items() {
    McpSchema.CallToolResult result =
        client.callTool(new McpSchema.CallToolRequest("lookup_order", Map.of("id", "A-1")));

    assertThat(result.isError()).isFalse();
    @SuppressWarnings("unchecked")
    Map<String, Object> structured = (Map<String, Object>) result.structuredContent();
    assertThat(structured.get("items"))
        .isEqualTo(java.util.List.of(Map.of("id", "A-1", "status", "shipped", "total", 42)));
    assertThat(structured.get("executionId")).isNotNull();
    assertThat(((McpSchema.TextContent) result.content().getFirst()).text())
        .contains("\"status\":\"shipped\"");
  }

  @Test
  void answers_a_failed_run_and_bad_arguments_as_errors() {
    McpSchema.CallToolResult failed =
        client.callTool(new McpSchema.CallToolRequest("refuse", Map.of()));
    assertThat(failed.isError()).isTrue();
    assertThat(((McpSchema.TextContent) failed.content().getFirst()).text())
        .contains("FAILED")
        .contains("orders are closed today");

    McpSchema.CallToolResult missing =
        client.callTool(new McpSchema.CallToolRequest("lookup_order", Map.of("order", "A-1")));
    assertThat(missing.isError()).as("checked against the schema").isTrue();
    assertThat(((McpSchema.TextContent) missing.content().getFirst()).text()).contains("id");
  }
}
