package dev.tyboo.internal.executor;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.internal.checkpoint.ErrorJson;
import dev.tyboo.node.Item;
import dev.tyboo.node.PortSpec;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.workflow.Connection;
import dev.tyboo.workflow.NodeSpec;
import dev.tyboo.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A durable execution as its store holds it: every call reads the store, so the view is current
 * whichever process runs the execution. Nodes without a record show as {@code PENDING}, or as
 * {@code SKIPPED} once the execution has succeeded (skips are not checkpointed).
 */
final class StoredExecution implements Execution {

  private final DurableExecutor executor;
  private final ExecutionId id;
  private final ExecutionStatus endedAs; // what this engine wrote as its end, or null

  StoredExecution(DurableExecutor executor, ExecutionId id) {
    this(executor, id, null);
  }

  /** A view handed to the watchers of an end this engine has just written, with that status. */
  StoredExecution(DurableExecutor executor, ExecutionId id, ExecutionStatus endedAs) {
    this.executor = executor;
    this.id = id;
    this.endedAs = endedAs;
  }

  private ExecutionRecord record() {
    return executor.record(id);
  }

  @Override
  public ExecutionId id() {
    return id;
  }

  @Override
  public Workflow workflow() {
    return executor.workflowOf(record());
  }

  @Override
  public ExecutionStatus status() {
    return record().status();
  }

  @Override
  public ExecutionStatus await(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      CompletableFuture<Execution> f = executor.completion(id);
      Execution ended;
      try {
        ended = f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return status();
      } catch (TimeoutException | ExecutionException e) {
        return status();
      }
      // the end this engine wrote needs no read; one seen elsewhere is read
      ExecutionStatus now =
          ended instanceof StoredExecution s && s.endedAs != null ? s.endedAs : status();
      // an end seen by a stale claim may precede a re-open (resumeFromFailure): wait for the next
      if (now.isFinal() || System.nanoTime() >= deadline) {
        return now;
      }
    }
  }

  @Override
  public CompletableFuture<Execution> completion() {
    return executor.completion(id).copy();
  }

  @Override
  public boolean cancel() {
    return executor.cancel(id);
  }

  @Override
  public Optional<NodeExecutionException> error() {
    ExecutionRecord rec = record();
    return rec.status() == ExecutionStatus.FAILED && rec.errorJson() != null
        ? Optional.of(ErrorJson.read(rec.errorJson(), id.value()))
        : Optional.empty();
  }

  @Override
  public Instant createdAt() {
    return record().createdAt();
  }

  @Override
  public Optional<Instant> finishedAt() {
    return Optional.ofNullable(record().finishedAt());
  }

  private Map<String, NodeRunRecord> runsById() {
    Map<String, NodeRunRecord> runs = new HashMap<>();
    for (NodeRunRecord r : executor.nodeRuns(id)) {
      if (r.runIndex() == 0) {
        runs.put(r.nodeId(), r);
      }
    }
    return runs;
  }

  @Override
  public Map<String, NodeRun> nodeRuns() {
    ExecutionRecord rec = record();
    Workflow wf = executor.workflowOf(rec);
    Map<String, NodeRunRecord> runs = runsById();
    Set<String> skipped = skippedIfNeeded(rec, wf, runs, runs.size() < wf.nodes().size());
    Map<String, NodeRun> view = new LinkedHashMap<>();
    for (NodeSpec n : wf.nodes()) {
      view.put(n.id(), toNodeRun(n.id(), runs.get(n.id()), rec.status(), skipped));
    }
    return Collections.unmodifiableMap(view);
  }

  @Override
  public NodeRun nodeRun(String nodeId) {
    ExecutionRecord rec = record();
    requireNode(rec, nodeId);
    Map<String, NodeRunRecord> runs = runsById();
    return toNodeRun(
        nodeId,
        runs.get(nodeId),
        rec.status(),
        skippedIfNeeded(rec, executor.workflowOf(rec), runs, !runs.containsKey(nodeId)));
  }

  /**
   * {@return the skipped nodes, derived only when a node without a record is asked for and the
   * execution did not succeed (then every such node was skipped): deriving reads source outputs}
   */
  private Set<String> skippedIfNeeded(
      ExecutionRecord rec, Workflow wf, Map<String, NodeRunRecord> runs, boolean missing) {
    return missing && rec.status() != ExecutionStatus.SUCCEEDED ? skipped(wf, runs) : Set.of();
  }

  /**
   * {@return the nodes without a record that no data can reach any more: every input connection
   * comes from a node that finished without items on that output, or that was skipped itself}
   * Skipped nodes are not checkpointed; this is how an in-memory run marks them.
   */
  private Set<String> skipped(Workflow wf, Map<String, NodeRunRecord> runs) {
    Map<String, List<Connection>> into = new HashMap<>();
    Map<String, List<String>> successors = new HashMap<>();
    Map<String, Integer> indegree = new HashMap<>();
    for (NodeSpec n : wf.nodes()) {
      indegree.put(n.id(), 0);
    }
    for (Connection c : wf.connections()) {
      into.computeIfAbsent(c.to(), k -> new ArrayList<>()).add(c);
      successors.computeIfAbsent(c.from(), k -> new ArrayList<>()).add(c.to());
      indegree.merge(c.to(), 1, Integer::sum);
    }
    Deque<String> ready = new ArrayDeque<>();
    indegree.forEach(
        (node, d) -> {
          if (d == 0) {
            ready.add(node);
          }
        });
    Set<String> skipped = new HashSet<>();
    Map<String, Map<String, List<Item>>> outputs = new HashMap<>();
    while (!ready.isEmpty()) { // topological order: a node's sources are decided before it
      String node = ready.poll();
      List<Connection> inputs = into.getOrDefault(node, List.of());
      if (!runs.containsKey(node) && !inputs.isEmpty()) {
        boolean noData = true;
        for (Connection c : inputs) {
          if (skipped.contains(c.from())) {
            continue;
          }
          NodeRunRecord source = runs.get(c.from());
          boolean finished =
              source != null
                  && (source.status() == NodeRunStatus.SUCCEEDED
                      || (source.status() == NodeRunStatus.FAILED
                          && (source.outputsJson() != null || source.outputsRef() != null)));
          List<Item> items =
              finished
                  ? outputs
                      .computeIfAbsent(c.from(), k -> executor.outputsOf(source))
                      .getOrDefault(c.output(), List.of())
                  : null;
          if (items == null || !items.isEmpty()) {
            noData = false; // not decided yet, or data arrives
            break;
          }
        }
        if (noData) {
          skipped.add(node);
        }
      }
      for (String next : successors.getOrDefault(node, List.of())) {
        if (indegree.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    return skipped;
  }

  private void requireNode(ExecutionRecord rec, String nodeId) {
    if (executor.workflowOf(rec).nodes().stream().noneMatch(n -> n.id().equals(nodeId))) {
      throw new IllegalArgumentException(
          "workflow '" + rec.workflowName() + "' has no node '" + nodeId + "'");
    }
  }

  private NodeRun toNodeRun(
      String nodeId, NodeRunRecord r, ExecutionStatus status, Set<String> skipped) {
    if (r == null) {
      NodeRun live = executor.liveNodeRun(id, nodeId);
      if (live != null) { // running in this process: its state, as an in-memory run shows it
        return live;
      }
      NodeRunStatus s =
          status == ExecutionStatus.SUCCEEDED || skipped.contains(nodeId)
              ? NodeRunStatus.SKIPPED
              : NodeRunStatus.PENDING;
      return new NodeRun(nodeId, s, 0, null, null, Map.of(), null);
    }
    Map<String, List<Item>> outputs =
        r.status() == NodeRunStatus.WAITING ? Map.of() : executor.outputsOf(r);
    NodeExecutionException error =
        r.errorJson() == null ? null : ErrorJson.read(r.errorJson(), id.value());
    return new NodeRun(
        nodeId, r.status(), r.attempts(), r.startedAt(), r.finishedAt(), outputs, error);
  }

  @Override
  public List<Item> output(String nodeId) {
    ExecutionRecord rec = record();
    requireNode(rec, nodeId);
    NodeRunRecord r = runsById().get(nodeId);
    if (r == null || r.status() == NodeRunStatus.WAITING) {
      return List.of();
    }
    // the first declared output, as an in-memory run answers
    NodeSpec spec =
        executor.workflowOf(rec).nodes().stream()
            .filter(n -> n.id().equals(nodeId))
            .findFirst()
            .orElseThrow();
    List<PortSpec> ports = spec.nodeType().outputPorts(spec.parameters());
    return executor
        .outputsOf(r)
        .getOrDefault(ports.isEmpty() ? PortSpec.MAIN : ports.get(0).name(), List.of());
  }

  @Override
  public Map<String, String> resumeTokens() {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (NodeRunRecord r : executor.nodeRuns(id)) {
      if (r.status() == NodeRunStatus.WAITING) {
        tokens.put(r.nodeId(), r.resumeToken());
      }
    }
    return Collections.unmodifiableMap(tokens);
  }

  @Override
  public String toString() {
    return "Execution[" + id + " (stored)]";
  }
}
