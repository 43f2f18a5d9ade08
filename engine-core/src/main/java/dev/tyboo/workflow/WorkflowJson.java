package dev.tyboo.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tyboo.error.Problem;
import dev.tyboo.error.Problem.Kind;
import dev.tyboo.error.WorkflowDefinitionException;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.PortSpec;
import java.util.List;

/**
 * Reads and writes workflows as JSON. Output is stable: writing, reading and writing again gives
 * the same bytes. Reading validates the whole document and reports every problem with its JSON
 * path.
 *
 * <pre>{@code
 * {
 *   "name": "orders",
 *   "description": "Mail the owner of every big order",
 *   "settings": {"nodeTimeout": "PT30S", "maxConcurrentExecutions": 4, "errorWorkflow": "alerts"},
 *   "nodes": [
 *     {"id": "fetch", "type": "http.request", "version": 1,
 *      "parameters": {"url": "http://localhost:8080/orders"},
 *      "retry": {"maxAttempts": 3, "initialDelay": "PT1S", "multiplier": 2.0, "maxDelay": "PT30S", "jitter": 0.2,
 *                "retryOn": ["dev.tyboo.error.RetryableNodeException"], "abortOn": []}},
 *     {"id": "mail", "type": "email.send", "version": 1,
 *      "parameters": {"to": "{{ $json.owner }}"}, "credentials": {"smtp": "office-mail"},
 *      "timeout": "PT10S", "continueOnFail": true}
 *   ],
 *   "connections": [
 *     {"from": "fetch", "to": "mail"},
 *     {"from": "mail", "output": "error", "to": "alert", "input": "main"}
 *   ]
 * }
 * }</pre>
 *
 * <p>Fields: {@code version} defaults to the highest registered version of the type; {@code output}
 * and {@code input} default to {@code main}; durations are ISO-8601 ({@code PT30S}). Unknown fields
 * are refused, so that a misspelt field never goes unnoticed. Retry {@code retryOn}/{@code abortOn}
 * name {@link Throwable} classes, loaded without initialisation from this class's loader.
 *
 * <p>Workflows holding {@link InlineNode}s (Java lambdas) cannot be written. Thread-safe.
 */
public final class WorkflowJson {

  private static final ObjectMapper MAPPER = JsonMappers.documents();

  private static final DefaultPrettyPrinter PRINTER =
      new DefaultPrettyPrinter()
          .withSeparators(
              Separators.createDefaultInstance()
                  .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                  .withArrayEmptySeparator("")
                  .withObjectEmptySeparator(""))
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));

  private WorkflowJson() {}

  // ------------------------------------------------------------------ write

  /**
   * {@return its JSON document, pretty-printed, ending with a newline}
   *
   * @param workflow the workflow
   * @throws WorkflowDefinitionException when it holds an {@link InlineNode}
   */
  public static String write(Workflow workflow) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("name", workflow.name());
    if (!workflow.description().isEmpty()) {
      root.put("description", workflow.description());
    }
    WorkflowSettings s = workflow.settings();
    if (!s.equals(WorkflowSettings.defaults())) {
      ObjectNode settings = root.putObject("settings");
      if (s.retry() != null) {
        settings.set("retry", writeRetry(s.retry()));
      }
      if (s.nodeTimeout() != null) {
        settings.put("nodeTimeout", s.nodeTimeout().toString());
      }
      if (s.maxConcurrentExecutions() != 0) {
        settings.put("maxConcurrentExecutions", s.maxConcurrentExecutions());
      }
      if (s.errorWorkflow() != null) {
        settings.put("errorWorkflow", s.errorWorkflow());
      }
    }
    ArrayNode nodes = root.putArray("nodes");
    for (NodeSpec n : workflow.nodes()) {
      if (n.isInline()) {
        throw new WorkflowDefinitionException(
            "workflow '"
                + workflow.name()
                + "': node '"
                + n.id()
                + "' is a Java lambda (InlineNode) and cannot be written to JSON; implement a NodeType and register it instead");
      }
      ObjectNode node = nodes.addObject();
      node.put("id", n.id());
      node.put("type", n.type());
      node.put("version", n.typeVersion());
      if (!n.parameters().isEmpty()) {
        node.set("parameters", MAPPER.valueToTree(n.parameters()));
      }
      if (!n.credentials().isEmpty()) {
        node.set("credentials", MAPPER.valueToTree(n.credentials()));
      }
      if (n.policy().retry() != null) {
        node.set("retry", writeRetry(n.policy().retry()));
      }
      if (n.policy().timeout() != null) {
        node.put("timeout", n.policy().timeout().toString());
      }
      if (n.policy().continueOnFail()) {
        node.put("continueOnFail", true);
      }
    }
    ArrayNode connections = root.putArray("connections");
    for (Connection c : workflow.connections()) {
      ObjectNode conn = connections.addObject();
      conn.put("from", c.from());
      if (!c.output().equals(PortSpec.MAIN)) {
        conn.put("output", c.output());
      }
      conn.put("to", c.to());
      if (!c.input().equals(PortSpec.MAIN)) {
        conn.put("input", c.input());
      }
    }
    try {
      return MAPPER.writer(PRINTER).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new WorkflowDefinitionException(
          "workflow '" + workflow.name() + "' cannot be written as JSON", e);
    }
  }

  private static ObjectNode writeRetry(RetryPolicy r) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("maxAttempts", r.maxAttempts());
    node.put("initialDelay", r.initialDelay().toString());
    node.put("multiplier", r.multiplier());
    node.put("maxDelay", r.maxDelay().toString());
    node.put("jitter", r.jitter());
    ArrayNode retryOn = node.putArray("retryOn");
    r.retryOn().forEach(c -> retryOn.add(c.getName()));
    ArrayNode abortOn = node.putArray("abortOn");
    r.abortOn().forEach(c -> abortOn.add(c.getName()));
    return node;
  }

  // ------------------------------------------------------------------ read

  /**
   * Reads and validates a workflow.
   *
   * @param json the document
   * @param registry the node types it may use
   * @return the workflow
   * @throws WorkflowValidationException listing every problem with its JSON path; never another
   *     exception for bad input
   */
  public static Workflow read(String json, NodeRegistry registry) {
    if (json == null) {
      throw new NullPointerException("json");
    }
    if (registry == null) {
      throw new NullPointerException("registry");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new WorkflowValidationException(
          null,
          List.of(
              new Problem(
                  Kind.MALFORMED, "$", "not valid JSON" + where + ": " + e.getOriginalMessage())));
    }
    return new WorkflowReader(registry).read(root);
  }
}
