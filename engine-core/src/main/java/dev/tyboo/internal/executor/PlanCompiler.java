package dev.tyboo.internal.executor;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.workflow.Workflow;
import java.util.List;

/**
 * Validates and compiles workflows into {@link ExecutionPlan}s for either executor, once per
 * workflow instance while it is in use, together with the workflows written inside its nodes (loop
 * bodies), which are validated with it.
 */
public final class PlanCompiler {

  /** A compiled workflow and the workflows embedded in its nodes. */
  record Compiled(Workflow workflow, ExecutionPlan plan, List<Workflow> embedded) {}

  private final EngineRuntime rt;
  private final NodeRegistry nodeTypes;
  private final Cache<Workflow, Compiled> compiled;

  /**
   * The workflow compiled or found last: a host that starts one workflow again and again finds it
   * with one identity check, without a cache lookup (which costs more than a node run). Keeps at
   * most that one workflow from being collected.
   */
  private volatile Compiled last;

  /**
   * Creates the compiler.
   *
   * @param rt the engine's expression language and default retry policy
   * @param nodeTypes resolves the node types of embedded workflows
   */
  public PlanCompiler(EngineRuntime rt, NodeRegistry nodeTypes) {
    this.rt = rt;
    this.nodeTypes = nodeTypes;
    // weak keys compare by identity: a workflow instance is compiled once while it is in use
    this.compiled = Caffeine.newBuilder().weakKeys().maximumSize(10_000).build();
  }

  /**
   * Validates and compiles a workflow and the workflows embedded in it.
   *
   * @param workflow the workflow
   * @throws dev.tyboo.error.WorkflowValidationException listing every problem, embedded ones with
   *     their path inside the workflow
   */
  public void prepare(Workflow workflow) {
    compile(workflow);
  }

  ExecutionPlan plan(Workflow workflow) {
    return compile(workflow).plan();
  }

  /** {@return the workflows embedded in a workflow's nodes, deployed with it} */
  List<Workflow> embedded(Workflow workflow) {
    return compile(workflow).embedded();
  }

  Compiled compile(Workflow workflow) {
    Compiled c = last;
    if (c != null && c.workflow() == workflow) {
      return c;
    }
    c = compiled.getIfPresent(workflow);
    if (c == null) {
      ExecutionPlan plan = ExecutionPlan.compile(workflow, rt.expressions, rt.retry);
      List<Workflow> embedded = List.copyOf(EmbeddedWorkflows.read(workflow, nodeTypes));
      for (Workflow body : embedded) {
        compile(body); // its expressions are checked with the workflow that holds it
      }
      c = new Compiled(workflow, plan, embedded);
      compiled.put(workflow, c);
    }
    last = c;
    return c;
  }
}
