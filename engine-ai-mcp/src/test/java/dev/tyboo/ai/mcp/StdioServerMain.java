package dev.tyboo.ai.mcp;

import dev.tyboo.engine.Engine;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;

/**
 * An MCP server of the test workflows over stdio, for {@link McpStdioTest}: the SDK's client starts
 * it as a process of its own, as MCP hosts start local servers.
 */
public final class StdioServerMain {

  private StdioServerMain() {}

  public static void main(String[] args) throws Exception {
    Engine engine = McpFixtures.engine();
    McpFixtures.server(engine).build(new StdioServerTransportProvider(McpJsonDefaults.getMapper()));
    Thread.currentThread().join(); // serves until the client closes the pipe and kills it
  }
}
