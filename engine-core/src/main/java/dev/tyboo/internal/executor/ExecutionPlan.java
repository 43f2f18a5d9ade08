package dev.tyboo.internal.executor;

import dev.tyboo.error.Problem;
import dev.tyboo.error.WorkflowValidationException;
import dev.tyboo.internal.expression.ValueTemplate;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PortSpec;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.node.PropertyType;
import dev.tyboo.spi.expression.ExpressionLanguage;
import dev.tyboo.workflow.Connection;
import dev.tyboo.workflow.NodeSpec;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validated workflow compiled for running: nodes by index, edges as arrays, parameters as
 * compiled templates, policies resolved. Immutable; one plan serves every execution of its
 * workflow.
 */
final class ExecutionPlan {

  /** An edge: into node {@code target}'s input port number {@code inputPort}. */
  record Edge(int id, int target, int inputPort) {}

  final Workflow workflow;
  final String tenant;
  final int size;
  final int edgeCount;
  final String[] ids;
  final NodeSpec[] specs;
  final NodeType[] types;
  final Logger[] loggers;
  final String[][] inputPorts;
  final String[][] outputPorts;

  /** outEdges[node][outputPort] = edges leaving that port. */
  final Edge[][][] outEdges;

  /** inEdges[node][inputPort] = ids of edges arriving at that port, in connection order. */
  final int[][][] inEdges;

  final int[] inDegree;
  final int[] roots;
  final Map<String, ValueTemplate>[] templates;

  /** parameterSpecs[node] = the node type's parameters by name, for checking expression results. */
  final Map<String, PropertySpec>[] parameterSpecs;

  final Map<String, Object> workflowInfo;
  final RetryPolicy[] retry;
  final Duration[] timeout;
  final boolean[] continueOnFail;
  final Map<String, Integer> indexById;

  @SuppressWarnings({"unchecked", "rawtypes"})
  private ExecutionPlan(Workflow workflow, ExpressionLanguage language, RetryPolicy engineRetry) {
    this.workflow = workflow;
    this.tenant = WorkflowRef.parse(workflow.name()).tenant();
    List<NodeSpec> nodes = workflow.nodes();
    size = nodes.size();
    ids = new String[size];
    specs = new NodeSpec[size];
    types = new NodeType[size];
    loggers = new Logger[size];
    inputPorts = new String[size][];
    outputPorts = new String[size][];
    outEdges = new Edge[size][][];
    inEdges = new int[size][][];
    inDegree = new int[size];
    templates = new Map[size];
    parameterSpecs = new Map[size];
    retry = new RetryPolicy[size];
    timeout = new Duration[size];
    continueOnFail = new boolean[size];
    workflowInfo = JsonValues.freezeObject(Map.of("name", workflow.name()), "$workflow");
    indexById = new HashMap<>();
    for (int i = 0; i < size; i++) {
      NodeSpec n = nodes.get(i);
      ids[i] = n.id();
      specs[i] = n;
      types[i] = n.nodeType();
      loggers[i] = LoggerFactory.getLogger("dev.tyboo.node." + n.type());
      indexById.put(n.id(), i);
      inputPorts[i] =
          n.nodeType().descriptor().inputs().stream().map(PortSpec::name).toArray(String[]::new);
      outputPorts[i] = n.outputPorts().toArray(String[]::new);
      retry[i] =
          n.policy().retry() != null
              ? n.policy().retry()
              : workflow.settings().retry() != null ? workflow.settings().retry() : engineRetry;
      timeout[i] =
          n.policy().timeout() != null ? n.policy().timeout() : workflow.settings().nodeTimeout();
      continueOnFail[i] = n.policy().continueOnFail();
      templates[i] = compileParameters(n, language);
      Map<String, PropertySpec> specs = new HashMap<>();
      n.nodeType().descriptor().properties().forEach(p -> specs.put(p.name(), p));
      parameterSpecs[i] = Map.copyOf(specs);
    }
    List<List<List<Edge>>> out = new ArrayList<>();
    List<List<List<Integer>>> in = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      List<List<Edge>> ports = new ArrayList<>();
      for (int p = 0; p < outputPorts[i].length; p++) {
        ports.add(new ArrayList<>());
      }
      out.add(ports);
      List<List<Integer>> inPorts = new ArrayList<>();
      for (int p = 0; p < inputPorts[i].length; p++) {
        inPorts.add(new ArrayList<>());
      }
      in.add(inPorts);
    }
    int edgeId = 0;
    for (Connection c : workflow.connections()) {
      int from = indexById.get(c.from());
      int to = indexById.get(c.to());
      int outPort = indexOf(outputPorts[from], c.output());
      int inPort = indexOf(inputPorts[to], c.input());
      Edge edge = new Edge(edgeId++, to, inPort);
      out.get(from).get(outPort).add(edge);
      in.get(to).get(inPort).add(edge.id());
      inDegree[to]++;
    }
    edgeCount = edgeId;
    List<Integer> rootList = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      outEdges[i] = out.get(i).stream().map(l -> l.toArray(Edge[]::new)).toArray(Edge[][]::new);
      inEdges[i] =
          in.get(i).stream()
              .map(l -> l.stream().mapToInt(Integer::intValue).toArray())
              .toArray(int[][]::new);
      if (inDegree[i] == 0) {
        rootList.add(i);
      }
    }
    roots = rootList.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Validates and compiles a workflow.
   *
   * @throws WorkflowValidationException when the workflow is invalid
   */
  static ExecutionPlan compile(
      Workflow workflow, ExpressionLanguage language, RetryPolicy engineRetry) {
    List<Problem> problems = workflow.validate(language);
    if (!problems.isEmpty()) {
      throw new WorkflowValidationException(workflow.name(), problems);
    }
    return new ExecutionPlan(workflow, language, engineRetry);
  }

  private static Map<String, ValueTemplate> compileParameters(
      NodeSpec node, ExpressionLanguage language) {
    Map<String, ValueTemplate> compiled = new LinkedHashMap<>();
    for (PropertySpec p : node.nodeType().descriptor().properties()) {
      Object raw =
          node.parameters().containsKey(p.name())
              ? node.parameters().get(p.name())
              : p.defaultValue();
      compiled.put(
          p.name(),
          p.type() == PropertyType.CODE
              ? ValueTemplate.literal(raw)
              : ValueTemplate.compile(raw, p.name(), language, (path, e) -> {}));
    }
    return java.util.Collections.unmodifiableMap(compiled);
  }

  static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** {@return whether node {@code i} has no outgoing connection: nothing runs after it} */
  boolean isSink(int i) {
    for (Edge[] port : outEdges[i]) {
      if (port.length > 0) {
        return false;
      }
    }
    return true;
  }
}
