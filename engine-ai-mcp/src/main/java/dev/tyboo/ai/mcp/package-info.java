/**
 * The Model Context Protocol for Tyboo Engine, on the official MCP Java SDK: {@link
 * dev.tyboo.ai.mcp.McpTools} turns an MCP server's tools into tools of the AI Agent node; {@link
 * dev.tyboo.ai.mcp.McpWorkflowServer} exposes deployed workflows as tools to MCP clients. The
 * transport (stdio, streamable HTTP) is the SDK's, chosen by the host.
 */
package dev.tyboo.ai.mcp;
