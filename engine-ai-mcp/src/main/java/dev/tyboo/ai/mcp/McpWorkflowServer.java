package dev.tyboo.ai.mcp;

import dev.tyboo.engine.Engine;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.Item;
import dev.tyboo.workflow.Connection;
import dev.tyboo.workflow.NodeSpec;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpServerTransportProvider;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deployed workflows exposed as tools to MCP clients, on an MCP server of the SDK over the
 * transport the host chose (streamable HTTP in a servlet container, or stdio):
 *
 * <pre>{@code
 * engine.deploy(lookupOrder);
 * HttpServletStreamableServerTransportProvider transport =
 *     HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
 * McpSyncServer server = McpWorkflowServer.builder(engine)
 *     .tool("lookup_order", "lookupOrder", "Finds an order by its id",
 *         Map.of("type", "object", "properties", Map.of("id", Map.of("type", "string")),
 *             "required", List.of("id")))
 *     .build(transport);                      // then serve the transport (a servlet)
 * }</pre>
 *
 * <p>A call starts the workflow with one item, the call's arguments (checked against the tool's
 * schema by the SDK first), and waits for it up to {@link Builder#timeout} (60 s): a succeeded run
 * answers with the items of its end nodes, as structured content {@code {"executionId", "items":
 * [..]}} and as the same JSON in text; a failed run answers {@code isError} with the failure's
 * message; a run still going at the timeout answers {@code isError} naming the execution, which
 * carries on. Calls run as the host: put the MCP endpoint behind the host's own authentication.
 */
public final class McpWorkflowServer {

  private McpWorkflowServer() {}

  /**
   * {@return a builder of a server over this engine}
   *
   * @param engine the engine whose deployed workflows become tools
   */
  public static Builder builder(Engine engine) {
    return new Builder(engine);
  }

  /** Builds an MCP server of workflows. Not thread-safe. */
  public static final class Builder {
    private final Engine engine;
    private final List<McpServerFeatures.SyncToolSpecification> tools = new ArrayList<>();
    private final Set<String> names = new java.util.HashSet<>();
    private Duration timeout = Duration.ofSeconds(60);
    private String name = "tyboo-workflows";
    private String version = "1";

    private Builder(Engine engine) {
      this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * {@return this builder}
     *
     * @param toolName the tool's name, as clients see it
     * @param workflowName the deployed workflow a call starts
     * @param description what the tool does, for the client's model
     * @param inputSchema the JSON schema of the arguments (an object schema)
     * @throws IllegalArgumentException when a tool of that name was added already
     */
    public Builder tool(
        String toolName, String workflowName, String description, Map<String, Object> inputSchema) {
      Objects.requireNonNull(toolName, "toolName");
      Objects.requireNonNull(workflowName, "workflowName");
      if (!names.add(toolName)) {
        throw new IllegalArgumentException("a second tool named '" + toolName + "'");
      }
      McpSchema.Tool tool =
          McpSchema.Tool.builder(toolName, Map.copyOf(inputSchema))
              .description(description == null ? "" : description)
              .build();
      tools.add(
          McpServerFeatures.SyncToolSpecification.builder()
              .tool(tool)
              .callHandler((exchange, request) -> call(workflowName, request))
              .build());
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param timeout how long a call waits for its workflow (60 s by default)
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, was " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param name the server's name, as clients see it
     * @param version its version
     */
    public Builder serverInfo(String name, String version) {
      this.name = Objects.requireNonNull(name, "name");
      this.version = Objects.requireNonNull(version, "version");
      return this;
    }

    /**
     * {@return the server, on a streamable HTTP (or other session) transport}
     *
     * @param transport the transport, which the host serves
     */
    public McpSyncServer build(McpStreamableServerTransportProvider transport) {
      return McpServer.sync(transport)
          .serverInfo(name, version)
          .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
          .tools(tools)
          .build();
    }

    /**
     * {@return the server, on a single-session transport (stdio)}
     *
     * @param transport the transport
     */
    public McpSyncServer build(McpServerTransportProvider transport) {
      return McpServer.sync(transport)
          .serverInfo(name, version)
          .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
          .tools(tools)
          .build();
    }

    private McpSchema.CallToolResult call(String workflowName, McpSchema.CallToolRequest request) {
      Map<String, Object> arguments =
          request.arguments() == null ? Map.of() : new LinkedHashMap<>(request.arguments());
      Execution run;
      try {
        run = engine.startDeployed(workflowName, List.of(Item.of(arguments)));
      } catch (RuntimeException e) {
        return error("the workflow could not start: " + e.getMessage());
      }
      ExecutionStatus status = run.await(timeout);
      if (!status.isFinal()) {
        return error("execution " + run.id() + " is still running after " + timeout);
      }
      if (status != ExecutionStatus.SUCCEEDED) {
        return error(
            "execution "
                + run.id()
                + " "
                + status
                + run.error().map(x -> ": " + x.getMessage()).orElse(""));
      }
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("executionId", run.id().value());
      result.put("items", endItems(run));
      String text;
      try {
        text = JsonMappers.standard().writeValueAsString(result);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return error("the workflow's result is not JSON: " + e.getOriginalMessage());
      }
      return McpSchema.CallToolResult.builder()
          .content(List.of(McpSchema.TextContent.builder(text).build()))
          .structuredContent(result)
          .isError(false)
          .build();
    }

    private static List<Map<String, Object>> endItems(Execution run) {
      Set<String> sources =
          run.workflow().connections().stream().map(Connection::from).collect(Collectors.toSet());
      List<Map<String, Object>> items = new ArrayList<>();
      for (NodeSpec node : run.workflow().nodes()) {
        if (!sources.contains(node.id())) {
          run.output(node.id()).forEach(item -> items.add(item.json()));
        }
      }
      return items;
    }

    private static McpSchema.CallToolResult error(String message) {
      return McpSchema.CallToolResult.builder()
          .content(List.of(McpSchema.TextContent.builder(message).build()))
          .isError(true)
          .build();
    }
  }
}
