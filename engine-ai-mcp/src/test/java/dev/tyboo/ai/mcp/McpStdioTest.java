package dev.tyboo.ai.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.ai.agent.AgentTool;
import dev.tyboo.ai.agent.ToolInvocation;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stdio transport: the SDK's client starts {@link StdioServerMain} and calls its tools. */
class McpStdioTest {

  @Test
  void calls_workflow_tools_of_a_server_it_started_over_stdio() throws Exception {
    ServerParameters server =
        ServerParameters.builder(ProcessHandle.current().info().command().orElse("java"))
            .args(
                "-cp",
                System.getProperty("java.class.path"),
                "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.logFile=System.err",
                StdioServerMain.class.getName())
            .build();
    McpSyncClient client =
        McpClient.sync(new StdioClientTransport(server, McpJsonDefaults.getMapper()))
            .requestTimeout(Duration.ofSeconds(30))
            .build();
    try {
      client.initialize();
      List<AgentTool> tools = McpTools.of(client, Set.of("refuse"));

      assertThat(tools).extracting(t -> t.spec().name()).containsExactly("lookup_order", "refuse");
      assertThat(tools).extracting(AgentTool::requiresApproval).containsExactly(false, true);
      Object result =
          tools
              .getFirst()
              .call(
                  Map.of("id", "B-2"), new ToolInvocation("e/agent/0/tool/0/0", "e", "agent", ""));
      assertThat(result).isInstanceOf(Map.class);
      assertThat(((Map<?, ?>) result).get("items"))
          .isEqualTo(List.of(Map.of("id", "B-2", "status", "shipped", "total", 42)));
    } finally {
      client.closeGracefully();
    }
  }
}
