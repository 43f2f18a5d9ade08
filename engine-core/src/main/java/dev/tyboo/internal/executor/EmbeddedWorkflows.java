package dev.tyboo.internal.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tyboo.error.Problem;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.json.JsonMappers;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.node.PropertyType;
import dev.tyboo.workflow.Identifiers;
import dev.tyboo.workflow.NodeSpec;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Workflows written inside nodes' {@link PropertyType#WORKFLOW} parameters, such as loop bodies.
 */
final class EmbeddedWorkflows {

  private static final ObjectMapper JSON = JsonMappers.standard();

  private EmbeddedWorkflows() {}

  /** {@return the name an embedded workflow is deployed under} */
  static String name(String workflow, String nodeId, String parameter) {
    return Identifiers.embeddedName(workflow, nodeId, parameter);
  }

  /**
   * {@return the workflows embedded in a workflow's nodes, read with the engine's node types}
   *
   * @throws WorkflowValidationException listing every problem of every embedded workflow, with its
   *     path inside the outer workflow ({@code $.nodes[1].parameters.body.nodes[0].type})
   */
  static List<Workflow> read(Workflow workflow, NodeRegistry registry) {
    List<Workflow> bodies = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<NodeSpec> nodes = workflow.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      NodeSpec node = nodes.get(i);
      for (PropertySpec p : node.nodeType().descriptor().properties()) {
        if (p.type() != PropertyType.WORKFLOW
            || !(node.parameters().get(p.name()) instanceof Map<?, ?> body)) {
          continue;
        }
        Map<Object, Object> named = new LinkedHashMap<>(body);
        named.put("name", name(workflow.name(), node.id(), p.name()));
        String at = "$.nodes[" + i + "].parameters." + p.name();
        try {
          bodies.add(WorkflowJson.read(JSON.writeValueAsString(named), registry));
        } catch (WorkflowValidationException e) {
          for (Problem problem : e.problems()) {
            problems.add(
                new Problem(
                    problem.kind(),
                    at + problem.path().substring(1),
                    "in the workflow of node '" + node.id() + "': " + problem.message()));
          }
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("parameters are JSON values", e);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new WorkflowValidationException(workflow.name(), problems);
    }
    return bodies;
  }
}
