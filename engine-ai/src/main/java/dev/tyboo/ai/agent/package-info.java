/**
 * The AI agent's public parts: the {@link dev.tyboo.ai.agent.AgentTool tools} a host gives the
 * agent, what a tool call knows of its run ({@link dev.tyboo.ai.agent.ToolInvocation}), and the
 * typed stop when an agent reaches a limit ({@link dev.tyboo.ai.agent.AgentLimitException}). The
 * node itself is {@link dev.tyboo.ai.nodes.AgentNode}.
 */
package dev.tyboo.ai.agent;
