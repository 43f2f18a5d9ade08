package dev.tyboo.ai.mcp;

import dev.tyboo.ai.ToolSpec;
import dev.tyboo.ai.agent.AgentTool;
import dev.tyboo.ai.agent.ToolInvocation;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The tools of an MCP server as {@link AgentTool}s, for {@code AiNodes.builder().tool(..)}: an AI
 * agent then calls them like any host tool ({@code {"type": "host", "name": ..}}), each call a
 * recorded step of the agent's run. The client is the SDK's, on the transport the host chose:
 *
 * <pre>{@code
 * McpSyncClient client = McpClient.sync(
 *         HttpClientStreamableHttpTransport.builder("https://tools.example.com").build())
 *     .requestTimeout(Duration.ofSeconds(30)).build();
 * client.initialize();
 * AiNodes.Builder ai = AiNodes.builder();
 * McpTools.of(client, Set.of("delete_file")).forEach(ai::tool);  // delete_file needs approval
 * }</pre>
 *
 * <p>A call sends the model's arguments and, in {@code _meta}, the call's idempotency key ({@value
 * #IDEMPOTENCY_KEY}); text content comes back as text (several parts on separate lines), structured
 * content as JSON; an answer with {@code isError} is a {@link McpToolException} that the agent
 * tells the model.
 */
public final class McpTools {

  /** The {@code _meta} key under which a call's idempotency key is sent. */
  public static final String IDEMPOTENCY_KEY = "dev.tyboo/idempotency-key";

  /** The most pages of tools read from a server. */
  static final int MAX_PAGES = 100;

  private McpTools() {}

  /**
   * {@return the server's tools, none needing approval}
   *
   * @param client an initialized client
   */
  public static List<AgentTool> of(McpSyncClient client) {
    return of(client, Set.of());
  }

  /**
   * {@return the server's tools (every page of its list)}
   *
   * @param client an initialized client
   * @param requiringApproval the names of the tools whose calls wait for a person's approval
   */
  public static List<AgentTool> of(McpSyncClient client, Set<String> requiringApproval) {
    Objects.requireNonNull(client, "client");
    List<AgentTool> tools = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      McpSchema.ListToolsResult listed =
          cursor == null ? client.listTools() : client.listTools(cursor);
      for (McpSchema.Tool tool : listed.tools()) {
        tools.add(tool(client, tool, requiringApproval.contains(tool.name())));
      }
      cursor = listed.nextCursor();
      if (cursor == null || cursor.isEmpty()) {
        return tools;
      }
    }
    throw new IllegalStateException(
        "the MCP server lists more than " + MAX_PAGES + " pages of tools");
  }

  private static AgentTool tool(McpSyncClient client, McpSchema.Tool tool, boolean approval) {
    ToolSpec spec =
        new ToolSpec(
            tool.name(),
            tool.description() == null ? "" : tool.description(),
            tool.inputSchema() == null ? Map.of() : tool.inputSchema());
    return AgentTool.of(
        spec, approval, (arguments, call) -> call(client, tool.name(), arguments, call));
  }

  private static Object call(
      McpSyncClient client, String name, Map<String, Object> arguments, ToolInvocation call)
      throws McpToolException {
    McpSchema.CallToolResult result;
    try {
      result =
          client.callTool(
              new McpSchema.CallToolRequest(
                  name, arguments, Map.of(IDEMPOTENCY_KEY, call.idempotencyKey())));
    } catch (RuntimeException e) {
      throw new McpToolException("calling MCP tool '" + name + "' failed: " + e.getMessage(), e);
    }
    StringBuilder text = new StringBuilder();
    if (result.content() != null) {
      for (McpSchema.Content part : result.content()) {
        if (!text.isEmpty()) {
          text.append('\n');
        }
        text.append(part instanceof McpSchema.TextContent t ? t.text() : "[" + part.type() + "]");
      }
    }
    if (Boolean.TRUE.equals(result.isError())) {
      throw new McpToolException(
          text.isEmpty() ? "MCP tool '" + name + "' failed" : text.toString(), null);
    }
    return result.structuredContent() != null ? result.structuredContent() : text.toString();
  }
}
