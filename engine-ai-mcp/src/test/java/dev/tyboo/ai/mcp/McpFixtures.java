package dev.tyboo.ai.mcp;

import dev.tyboo.engine.Engine;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.workflow.Workflow;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;

/**
 * What the MCP tests share: an engine with two deployed workflows ({@code lookupOrder}, {@code
 * refuse}) and an MCP server of them in an embedded Tomcat (the SDK's streamable HTTP servlet).
 */
final class McpFixtures implements AutoCloseable {

  static final Map<String, Object> ORDER_ID =
      Map.of(
          "type", "object",
          "properties", Map.of("id", Map.of("type", "string")),
          "required", List.of("id"));

  static final NodeType LOOKUP =
      NodeType.of(
          NodeDescriptor.builder("test.lookupOrder").build(),
          ctx ->
              NodeResult.of(
                  List.of(
                      Item.of(
                          Map.of(
                              "id",
                              ctx.input().getFirst().json().get("id"),
                              "status",
                              "shipped",
                              "total",
                              42)))));

  static final NodeType REFUSE =
      NodeType.of(
          NodeDescriptor.builder("test.refuse").build(),
          ctx -> {
            throw new NonRetryableNodeException("orders are closed today");
          });

  static Engine engine() {
    Engine engine = Engine.builder().nodeType(LOOKUP).nodeType(REFUSE).build();
    engine.deploy(
        Workflow.named("lookupOrder")
            .node("find", dev.tyboo.workflow.NodeDefinition.of(LOOKUP, Map.of()))
            .build());
    engine.deploy(
        Workflow.named("refuse")
            .node("no", dev.tyboo.workflow.NodeDefinition.of(REFUSE, Map.of()))
            .build());
    return engine;
  }

  static McpWorkflowServer.Builder server(Engine engine) {
    return McpWorkflowServer.builder(engine)
        .tool("lookup_order", "lookupOrder", "Finds an order by its id", ORDER_ID)
        .tool("refuse", "refuse", "Always refuses", Map.of("type", "object"));
  }

  final Engine engine;
  private final Tomcat tomcat;
  private final McpSyncServer server;
  final String baseUrl;

  McpFixtures() throws Exception {
    engine = engine();
    HttpServletStreamableServerTransportProvider transport =
        HttpServletStreamableServerTransportProvider.builder().mcpEndpoint("/mcp").build();
    server = server(engine).build(transport);
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setPort(0);
    Context context = tomcat.addContext("", null);
    Wrapper servlet = Tomcat.addServlet(context, "mcp", transport);
    servlet.setAsyncSupported(true);
    context.addServletMappingDecoded("/*", "mcp");
    tomcat.getConnector();
    tomcat.start();
    baseUrl = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
  }

  @Override
  public void close() throws org.apache.catalina.LifecycleException {
    server.closeGracefully();
    tomcat.stop();
    tomcat.destroy();
    engine.close();
  }
}
