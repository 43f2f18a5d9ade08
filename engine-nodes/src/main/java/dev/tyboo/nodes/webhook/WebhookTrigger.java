package dev.tyboo.nodes.webhook;

import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import java.util.Map;

/**
 * A trigger node that a service calls over HTTP and that checks the service's own signature, such
 * as Slack's Events API, GitHub's webhooks or Telegram's bot updates. A {@link WebhookDispatcher}
 * routes {@code POST} requests at the node's {@link #path} to it: it reads the body (bounded by
 * {@link WebhookDispatcher.Builder#maxBodyBytes}) and hands it, with the dispatcher's secret named
 * by {@link #secretName}, to {@link #receive}, which says whether to answer at once (a refused
 * signature, a URL check, an event the node ignores) or to start the workflow.
 *
 * <p>A started workflow is deduplicated by the event id the node returns: a service that delivers
 * the same event twice (Slack and GitHub retry when an answer is late) starts one execution, and
 * both deliveries are answered with its id. The answer is {@code 200 {"executionId": ...}} as soon
 * as the execution is stored, so the service's short timeouts hold.
 *
 * <p>The node itself passes its start item on; its parameters are read at registration and must be
 * literal.
 */
public interface WebhookTrigger extends NodeType {

  /**
   * {@return the route below the host's webhook prefix, e.g. {@code slack/events}}
   *
   * @param parameters the node's parameters
   */
  default String path(Map<String, Object> parameters) {
    return parameters.get("path") instanceof String path ? path : null;
  }

  /**
   * {@return the name of the dispatcher secret that requests are checked with}
   *
   * @param parameters the node's parameters
   */
  default String secretName(Map<String, Object> parameters) {
    return parameters.get("secret") instanceof String secret ? secret : null;
  }

  /**
   * Checks one delivery and decides what it does. Runs on the dispatcher's calling thread; it must
   * not block.
   *
   * @param delivery the request with its body read
   * @param parameters the node's parameters
   * @return an answer, or an execution to start
   */
  WebhookEvent receive(WebhookDelivery delivery, Map<String, Object> parameters);

  /**
   * {@return the problems of the parameters the dispatcher reads at registration: each must be
   * literal, and {@code path} a route; a trigger with more rules adds to these}
   *
   * @param parameters the node's parameters as written
   */
  @Override
  default Map<String, String> parameterProblems(Map<String, Object> parameters) {
    Map<String, String> problems = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, Object> e : parameters.entrySet()) {
      if (e.getValue() instanceof String s && s.contains("{{")) {
        problems.put(
            e.getKey(), "must be a literal value: the dispatcher reads it at registration");
      }
    }
    if (!problems.containsKey("path") && parameters.get("path") instanceof String path) {
      String problem = WebhookEndpoint.pathProblem(path);
      if (problem != null) {
        problems.put("path", problem);
      }
    }
    return problems;
  }

  /** Passes the start item on. */
  @Override
  default NodeResult execute(NodeContext ctx) {
    return NodeResult.of(ctx.input());
  }
}
