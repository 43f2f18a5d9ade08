package dev.tyboo.ai.nodes;

import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.node.Cancellation;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeFlow;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeScripting;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PortSpec;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.security.network.NetworkPolicy;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A node type run as an agent's tool: one item (the model's arguments) in, the node's parameters
 * with their {@code $fromAI} placeholders filled, everything else (credentials, binaries, clock,
 * cancellation, network policy, logs) the agent node's. The node may not wait, start children or
 * keep steps; its first output port's items are the result.
 */
final class NodeTool implements NodeContext {

  private final NodeContext agent;
  private final NodeType type;
  private final Map<String, Object> parameters;
  private final List<Item> input;
  private final String idempotencyKey;

  private NodeTool(
      NodeContext agent,
      NodeType type,
      Map<String, Object> parameters,
      Map<String, Object> arguments,
      String idempotencyKey) {
    this.agent = agent;
    this.type = type;
    this.parameters = parameters;
    this.input = List.of(Item.of(arguments));
    this.idempotencyKey = idempotencyKey;
  }

  /**
   * Runs the node once. {@return the JSON of its first output port's items}
   *
   * @throws NonRetryableNodeException when it asks to wait
   * @throws Exception what the node throws
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> run(
      NodeContext agent,
      NodeType type,
      Map<?, ?> template,
      Map<String, Object> arguments,
      String idempotencyKey)
      throws Exception {
    Map<String, Object> parameters = (Map<String, Object>) FromAi.fill(template, arguments);
    NodeResult result =
        type.execute(new NodeTool(agent, type, parameters, arguments, idempotencyKey));
    if (result.isWait()) {
      throw new NonRetryableNodeException(
          "node type '" + type.descriptor().type() + "' waits; an agent's node tool may not");
    }
    List<PortSpec> ports = type.outputPorts(parameters);
    String port = ports.isEmpty() ? PortSpec.MAIN : ports.get(0).name();
    return result.output(port).stream().map(Item::json).toList();
  }

  @Override
  public String executionId() {
    return agent.executionId();
  }

  @Override
  public String workflowName() {
    return agent.workflowName();
  }

  @Override
  public String nodeId() {
    return agent.nodeId();
  }

  @Override
  public int attempt() {
    return agent.attempt();
  }

  @Override
  public String idempotencyKey() {
    return idempotencyKey;
  }

  @Override
  public Map<String, String> traceHeaders() {
    return agent.traceHeaders();
  }

  @Override
  public NetworkPolicy networkPolicy() {
    return agent.networkPolicy();
  }

  @Override
  public int delivery() {
    return agent.delivery();
  }

  @Override
  public String tenant() {
    return agent.tenant();
  }

  @Override
  public List<Item> input() {
    return input;
  }

  @Override
  public List<Item> input(String port) {
    return PortSpec.MAIN.equals(port) ? input : List.of();
  }

  @Override
  public Object parameter(String name, int itemIndex) {
    PropertySpec declared = type.descriptor().property(name);
    if (declared == null) {
      throw new IllegalArgumentException(
          "node type '" + type.descriptor().type() + "' declares no parameter '" + name + "'");
    }
    Object value = parameters.get(name);
    return value != null ? value : declared.defaultValue();
  }

  @Override
  public <T> T parameter(String name, int itemIndex, Class<T> kind) {
    Object value = parameter(name, itemIndex);
    if (value == null || kind.isInstance(value)) {
      return kind.cast(value);
    }
    throw new NonRetryableNodeException(
        "parameter '" + name + "' must be a " + kind.getSimpleName() + ", was " + value,
        itemIndex,
        null);
  }

  @Override
  public String stringParameter(String name, int itemIndex) {
    Object value = parameter(name, itemIndex);
    return value == null ? null : String.valueOf(value);
  }

  @Override
  public Map<String, Object> parameters(int itemIndex) {
    Map<String, Object> all = new LinkedHashMap<>();
    for (PropertySpec p : type.descriptor().properties()) {
      Object value = parameter(p.name(), itemIndex);
      if (value != null) {
        all.put(p.name(), value);
      }
    }
    return all;
  }

  @Override
  public Map<String, Object> rawParameters() {
    return parameters;
  }

  @Override
  public Logger log() {
    return agent.log();
  }

  @Override
  public Clock clock() {
    return agent.clock();
  }

  @Override
  public Cancellation cancellation() {
    return agent.cancellation();
  }

  @Override
  public BinaryStore binaries() {
    return agent.binaries();
  }

  @Override
  public Map<String, Object> credential(String credentialType) {
    return agent.credential(credentialType);
  }

  @Override
  public void updateCredential(String credentialType, Map<String, Object> data) {
    agent.updateCredential(credentialType, data);
  }

  @Override
  public NodeFlow flow() {
    throw new UnsupportedOperationException("an agent's node tool may not wait or start children");
  }

  @Override
  public NodeScripting scripting() {
    return agent.scripting();
  }
}
