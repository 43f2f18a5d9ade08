package dev.tyboo.internal.executor;

import dev.tyboo.error.CredentialException;
import dev.tyboo.error.NonRetryableNodeException;
import dev.tyboo.execution.ExecutionEvent;
import dev.tyboo.internal.expression.ItemScope;
import dev.tyboo.internal.expression.ValueTemplate;
import dev.tyboo.internal.json.JsonValues;
import dev.tyboo.internal.node.TimeValues;
import dev.tyboo.node.Cancellation;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeFlow;
import dev.tyboo.node.NodeScripting;
import dev.tyboo.node.PropertyCondition;
import dev.tyboo.node.PropertySpec;
import dev.tyboo.node.PropertyType;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.script.ScriptSandbox;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.NodeSpec;
import dev.tyboo.workflow.WorkflowRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;

/** The {@link NodeContext} of one attempt, with its flow and scripting facets. */
final class NodeRunContext implements NodeContext, NodeFlow, NodeScripting {

  private final ExecutionRun run;
  private final ExecutionPlan plan;
  private final int node;
  private final Attempt attempt;
  private final List<Item>[] inputs;

  NodeRunContext(
      ExecutionRun run, ExecutionPlan plan, int node, Attempt attempt, List<Item>[] inputs) {
    this.run = run;
    this.plan = plan;
    this.node = node;
    this.attempt = attempt;
    this.inputs = inputs;
  }

  @Override
  public String executionId() {
    return run.id().value();
  }

  @Override
  public String workflowName() {
    return plan.workflow.name();
  }

  @Override
  public String nodeId() {
    return plan.ids[node];
  }

  @Override
  public int attempt() {
    return attempt.number;
  }

  @Override
  public NodeFlow flow() {
    return this;
  }

  private RunMemory memory; // one per attempt: it numbers the entries the attempt appends

  @Override
  public synchronized dev.tyboo.node.NodeMemory memory() {
    if (memory == null) {
      memory = new RunMemory(run, node);
    }
    return memory;
  }

  @Override
  public dev.tyboo.node.NodeSteps steps() {
    NodeState st = run.state(node);
    RunSteps steps = st.runSteps;
    if (steps == null) {
      steps = new RunSteps(run, node);
      st.runSteps = steps;
    }
    return steps;
  }

  @Override
  public NodeScripting scripting() {
    return this;
  }

  @Override
  public String resumeToken() {
    return run.resumeToken(node);
  }

  @Override
  public String startSubWorkflow(String workflowName, List<Item> items) {
    String target =
        WorkflowRef.parse(plan.workflow.name())
            .resolve(java.util.Objects.requireNonNull(workflowName, "workflowName"))
            .qualifiedName();
    List<Item> input = List.copyOf(java.util.Objects.requireNonNull(items, "items"));
    NodeState st = run.state(node);
    if (st.child == null) { // once per node run: a retried attempt finds the child it started
      st.child = run.backend().startChild(run, node, target, input, null);
    }
    return st.child.value();
  }

  @Override
  public String startSubWorkflow(String workflowName, List<Item> items, String step) {
    dev.tyboo.node.NodeSteps.checkName(step);
    String target =
        WorkflowRef.parse(plan.workflow.name())
            .resolve(java.util.Objects.requireNonNull(workflowName, "workflowName"))
            .qualifiedName();
    List<Item> input = List.copyOf(java.util.Objects.requireNonNull(items, "items"));
    NodeState st = run.state(node);
    synchronized (st) { // once per step: a retried attempt finds the child it started
      dev.tyboo.execution.ExecutionId child = st.stepChildren().get(step);
      if (child == null) {
        child = run.backend().startChild(run, node, target, input, step);
        st.stepChildren().put(step, child);
      }
      st.child = child;
      return child.value();
    }
  }

  @Override
  public void startSubWorkflowPerBatch(String workflowName, List<List<Item>> batches) {
    java.util.Objects.requireNonNull(workflowName, "workflowName");
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("node '" + plan.ids[node] + "': no batch to run");
    }
    NodeState st = run.state(node);
    if (st.child == null) { // once per node run
      st.batches = batches.stream().map(List::copyOf).toList();
      st.batchWorkflow =
          WorkflowRef.parse(plan.workflow.name()).resolve(workflowName).qualifiedName();
      st.child = run.backend().startChildren(run, node, st.batchWorkflow);
    }
  }

  @Override
  public String embeddedWorkflow(String parameter) {
    NodeSpec spec = plan.specs[node];
    PropertySpec declared = spec.nodeType().descriptor().property(parameter);
    if (declared == null || declared.type() != PropertyType.WORKFLOW) {
      throw new IllegalArgumentException(
          "node type '" + spec.type() + "' declares no workflow parameter '" + parameter + "'");
    }
    if (!(spec.parameters().get(parameter) instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(
          "node '" + plan.ids[node] + "' sets no workflow in parameter '" + parameter + "'");
    }
    return EmbeddedWorkflows.name(plan.workflow.name(), plan.ids[node], parameter);
  }

  @Override
  public void progress(String kind, Map<String, Object> data) {
    EngineRuntime rt = run.runtime();
    if (rt.hasListeners()) {
      rt.publish(
          new ExecutionEvent.NodeProgress(
              run.id(),
              plan.workflow.name(),
              rt.clock.now(),
              plan.ids[node],
              java.util.Objects.requireNonNull(kind, "kind"),
              data));
    }
  }

  @Override
  public Map<String, String> traceHeaders() {
    return attempt.trace == null ? Map.of() : attempt.trace.headers();
  }

  @Override
  public String idempotencyKey() {
    return run.id().value() + "/" + plan.ids[node] + "/0";
  }

  @Override
  public List<Item> input() {
    return inputs.length == 0 ? run.initialItems() : inputs[0];
  }

  @Override
  public List<Item> input(String port) {
    int p = ExecutionPlan.indexOf(plan.inputPorts[node], port);
    if (p < 0) {
      throw new IllegalArgumentException(
          "node '"
              + plan.ids[node]
              + "' has no input port '"
              + port
              + "'; its inputs are "
              + List.of(plan.inputPorts[node]));
    }
    return inputs[p];
  }

  @Override
  public Object parameter(String name, int itemIndex) {
    Object value = resolve(name, itemIndex);
    if (value == null) { // literal values were checked before the run; expressions are checked here
      PropertyCondition when = plan.parameterSpecs[node].get(name).requiredWhen();
      if (when != null
          && plan.parameterSpecs[node].containsKey(when.parameter())
          && when.holds(resolve(when.parameter(), itemIndex))) {
        throw NodeFailure.missingParameter(name, itemIndex, "when " + when);
      }
    }
    return value;
  }

  private Object resolve(String name, int itemIndex) {
    ValueTemplate template = plan.templates[node].get(name);
    if (template == null) {
      throw new IllegalArgumentException(
          "node type '"
              + plan.specs[node].type()
              + "' declares no parameter '"
              + name
              + "'; it declares "
              + plan.templates[node].keySet());
    }
    if (template.isConstant()) {
      return template.resolve(null, itemIndex);
    }
    Object value = template.resolve(scope(itemIndex), itemIndex);
    PropertySpec spec = plan.parameterSpecs[node].get(name);
    if (value == null
        ? spec.isRequired() && spec.type() != PropertyType.ANY
        : !spec.type().accepts(value)) {
      // expressions are type-checked here, per item; literal values were checked before the run
      throw new NonRetryableNodeException(
          "parameter '"
              + name
              + "' must be "
              + switch (spec.type()) {
                case ANY -> "set";
                case DURATION -> TimeValues.DURATION_FORM;
                case INSTANT -> TimeValues.INSTANT_FORM;
                default -> "of type " + spec.type().name().toLowerCase();
              }
              + ", but its expression gave "
              + JsonValues.describe(value),
          itemIndex,
          null);
    }
    return value;
  }

  private ItemScope scope(int itemIndex) {
    List<Item> items = input();
    if (itemIndex < 0 || itemIndex > 0 && itemIndex >= items.size()) {
      throw new IllegalArgumentException(
          "item index "
              + itemIndex
              + " is out of range: the node has "
              + items.size()
              + " input items");
    }
    Item item = itemIndex < items.size() ? items.get(itemIndex) : Item.empty();
    return new ItemScope(item, itemIndex, items, run.variables());
  }

  @Override
  public <T> T parameter(String name, int itemIndex, Class<T> type) {
    Object value = parameter(name, itemIndex);
    if (value == null || type.isInstance(value)) {
      return type.cast(value);
    }
    throw new NonRetryableNodeException(
        "parameter '"
            + name
            + "' must be a "
            + type.getSimpleName()
            + ", was "
            + JsonValues.describe(value),
        itemIndex,
        null);
  }

  @Override
  public String stringParameter(String name, int itemIndex) {
    Object value = parameter(name, itemIndex);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    if (value instanceof Number || value instanceof Boolean) {
      return String.valueOf(value);
    }
    throw new NonRetryableNodeException(
        "parameter '" + name + "' must be a string, was " + JsonValues.describe(value),
        itemIndex,
        null);
  }

  @Override
  public Map<String, Object> parameters(int itemIndex) {
    Map<String, Object> all = new LinkedHashMap<>();
    for (String name : plan.templates[node].keySet()) {
      all.put(name, parameter(name, itemIndex));
    }
    return java.util.Collections.unmodifiableMap(all);
  }

  @Override
  public Map<String, Object> rawParameters() {
    return plan.specs[node].parameters();
  }

  @Override
  public Logger log() {
    return plan.loggers[node];
  }

  @Override
  public Clock clock() {
    return run.runtime().clock;
  }

  @Override
  public Cancellation cancellation() {
    return attempt;
  }

  @Override
  public Object variable(String name, int itemIndex) {
    return scope(itemIndex).get(name);
  }

  @Override
  public ScriptSandbox scriptSandbox() {
    return run.runtime().scripts;
  }

  @Override
  public int delivery() {
    return run.delivery();
  }

  @Override
  public String tenant() {
    return plan.tenant;
  }

  @Override
  public dev.tyboo.security.network.NetworkPolicy networkPolicy() {
    return run.runtime().networkPolicy;
  }

  @Override
  public BinaryStore binaries() {
    return run.runtime().binaryStore;
  }

  @Override
  public Map<String, Object> credential(String type) {
    String name = credentialName(type);
    EngineRuntime rt = run.runtime();
    Map<String, Object> data =
        rt.credentialsFor(plan.workflow.name())
            .find(type, name)
            .orElseThrow(
                () ->
                    new CredentialException(
                        "node '"
                            + plan.ids[node]
                            + "' uses credential '"
                            + name
                            + "' of type '"
                            + type
                            + "', which the engine's credential provider does not hold"));
    run.secrets().add(data);
    if (rt.hasListeners()) {
      rt.publish(
          new ExecutionEvent.CredentialUsed(
              run.id(), plan.workflow.name(), rt.clock.now(), plan.ids[node], type, name));
    }
    return data;
  }

  @Override
  public void updateCredential(String type, Map<String, Object> data) {
    run.secrets().add(data);
    run.runtime().credentialsFor(plan.workflow.name()).update(type, credentialName(type), data);
  }

  private String credentialName(String type) {
    NodeSpec spec = plan.specs[node];
    if (!spec.nodeType().descriptor().credentialTypes().contains(type)) {
      throw new IllegalArgumentException(
          "node type '"
              + spec.type()
              + "' does not declare credential type '"
              + type
              + "'; it declares "
              + spec.nodeType().descriptor().credentialTypes());
    }
    String name = spec.credentials().get(type);
    if (name == null) {
      throw new CredentialException(
          "node '"
              + plan.ids[node]
              + "' needs a credential of type '"
              + type
              + "' but names none (NodeOptions.credential(\""
              + type
              + "\", name), or \"credentials\" in JSON)");
    }
    return name;
  }
}
