package dev.tyboo.internal.executor;

import dev.tyboo.error.NodeExecutionException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.internal.checkpoint.ErrorJson;
import dev.tyboo.internal.checkpoint.ItemsJson;
import dev.tyboo.node.Item;
import dev.tyboo.node.PortSpec;
import dev.tyboo.node.WaitRequest;
import dev.tyboo.spi.binary.BinaryRef;
import dev.tyboo.spi.binary.BinaryStore;
import dev.tyboo.spi.store.ExecutionRecord;
import dev.tyboo.spi.store.ExecutionStore;
import dev.tyboo.spi.store.NodeRunRecord;
import dev.tyboo.spi.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node-run checkpoints of a durable engine, both ways: the node states of an execution rebuilt from
 * its stored records (ending waits that fell due), the outputs of a record read back (from the
 * record or the binary store it spilled to), finished records of waiting nodes, and spilled outputs
 * dropped once no record refers to them.
 */
final class Checkpoints {

  private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);

  private final ExecutionStore store;
  private final BinaryStore binaryStore;
  private final CheckpointOutputs checkpointOutputs;
  private final Clock clock;

  Checkpoints(
      ExecutionStore store,
      BinaryStore binaryStore,
      CheckpointOutputs checkpointOutputs,
      Clock clock) {
    this.store = store;
    this.binaryStore = binaryStore;
    this.checkpointOutputs = checkpointOutputs;
    this.clock = clock;
  }

  /**
   * Rebuilds each checkpointed node's state from the execution's node runs; ends waits that fell
   * due.
   */
  NodeState[] restore(ExecutionPlan plan, ExecutionRecord rec, List<NodeRunRecord> nodeRuns) {
    NodeState[] states = new NodeState[plan.size];
    Instant now = clock.now();
    for (NodeRunRecord r : nodeRuns) {
      Integer i = plan.indexById.get(r.nodeId());
      if (i == null || r.runIndex() != 0) {
        continue;
      }
      if (r.status() == NodeRunStatus.WAITING
          && r.resumeAt() != null
          && !r.resumeAt().isAfter(now)) {
        ItemsJson.StoredWait wait = waitOf(r);
        if (wait.resumeStep() != null) { // a suspension's due time: record it, run the node again
          if (reenter(r, wait.resumeStep(), wait.itemsWhenDue())) {
            continue;
          }
          r = nodeRun(rec.id(), r.nodeId()).orElse(r); // resumed or cancelled meanwhile
        } else {
          r = due(rec, r, wait, now);
        }
      }
      NodeState st = new NodeState();
      st.attempts = r.attempts();
      st.startedAt = r.startedAt();
      st.finishedAt = r.finishedAt();
      switch (r.status()) {
        case SUCCEEDED -> {
          st.outputs = outputs(r);
          st.status = NodeRunStatus.SUCCEEDED;
          st.restored = NodeState.FINISHED;
        }
        case FAILED -> {
          st.error = ErrorJson.read(r.errorJson(), rec.id().value());
          st.status = NodeRunStatus.FAILED;
          if (r.outputsJson() != null || r.outputsRef() != null) {
            st.outputs = outputs(r); // continued on its error output
            st.restored = NodeState.FINISHED;
          } else {
            st.restored = NodeState.FAILED;
          }
        }
        case WAITING -> {
          st.status = NodeRunStatus.WAITING;
          ItemsJson.StoredWait wait = waitOf(r);
          st.wait = new WaitRequest(r.resumeAt(), wait.itemsWhenDue(), wait.resumeStep());
          st.batches = wait.batches().isEmpty() ? null : wait.batches();
          st.resumeToken = r.resumeToken();
          st.restored = NodeState.WAITING;
        }
        default -> {
          continue; // PENDING, RUNNING, CANCELLED: runs (again), with the same idempotency key
        }
      }
      states[i] = st;
    }
    return states;
  }

  Optional<NodeRunRecord> nodeRun(ExecutionId id, String nodeId) {
    return store.nodeRuns(id).stream()
        .filter(r -> r.nodeId().equals(nodeId) && r.runIndex() == 0)
        .findFirst();
  }

  /** {@return a finished record's items per port, read inline or from where they spilled} */
  Map<String, List<Item>> outputs(NodeRunRecord r) {
    String json = storedJson(r);
    return json == null ? Map.of() : ItemsJson.readOutputs(json);
  }

  /** {@return a waiting record's state: its items when due, and the batches of a run per batch} */
  ItemsJson.StoredWait waitOf(NodeRunRecord r) {
    String json = storedJson(r);
    return json == null ? new ItemsJson.StoredWait(List.of(), List.of()) : ItemsJson.readWait(json);
  }

  private String storedJson(NodeRunRecord r) {
    if (r.outputsJson() != null) {
      return r.outputsJson();
    }
    if (r.outputsRef() == null) {
      return null;
    }
    try (InputStream in =
        binaryStore.open(new BinaryRef(r.outputsRef(), "outputs.json", "application/json", 0))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends a wait whose due time has passed; {@return the node run as stored afterwards} */
  private NodeRunRecord due(
      ExecutionRecord rec, NodeRunRecord r, ItemsJson.StoredWait wait, Instant now) {
    NodeRunRecord due =
        finishedRecord(
            r, NodeRunStatus.SUCCEEDED, Map.of(PortSpec.MAIN, wait.itemsWhenDue()), null, now);
    if (store.resolveWait(due)) {
      dropSpill(r);
      return due;
    }
    // resumed (or cancelled) at the same moment: take what was stored
    dropSpill(due);
    return nodeRun(rec.id(), r.nodeId()).orElse(r);
  }

  /**
   * Ends a suspension ({@code NodeResult.suspend}) at its due time: turns the waiting record back
   * into a running one, which this claim runs again, and records the suspension's step.
   *
   * @return whether this call ended the wait (not a resume or cancel meanwhile)
   */
  boolean reenter(NodeRunRecord waiting, String step, List<Item> items) {
    if (!store.resolveWait(runningRecord(waiting))) {
      return false;
    }
    SuspensionSteps.nodes(store)
        .recordStep(waiting.executionId(), waiting.nodeId(), step, SuspensionSteps.json(items));
    dropSpill(waiting);
    return true;
  }

  /** {@return a waiting record turned back into a running one: the next claim runs it again} */
  NodeRunRecord runningRecord(NodeRunRecord waiting) {
    return new NodeRunRecord(
        waiting.executionId(),
        waiting.nodeId(),
        waiting.runIndex(),
        NodeRunStatus.RUNNING,
        waiting.attempts(),
        waiting.startedAt(),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  NodeRunRecord finishedRecord(
      NodeRunRecord waiting,
      NodeRunStatus status,
      Map<String, List<Item>> outputs,
      NodeExecutionException error,
      Instant now) {
    StoredOutputs stored =
        checkpointOutputs.store(outputs == null ? null : ItemsJson.writeOutputs(outputs));
    return new NodeRunRecord(
        waiting.executionId(),
        waiting.nodeId(),
        waiting.runIndex(),
        status,
        waiting.attempts(),
        waiting.startedAt(),
        now,
        stored.json(),
        stored.ref(),
        error == null ? null : ErrorJson.write(error),
        null,
        null);
  }

  /**
   * Deletes the spilled outputs of a node-run record that was replaced (or never stored), so that
   * no copy of its items stays behind in the binary store. A failure only leaves the file behind.
   */
  void dropSpill(NodeRunRecord unreferenced) {
    if (unreferenced.outputsRef() == null) {
      return;
    }
    try {
      binaryStore.delete(
          new BinaryRef(unreferenced.outputsRef(), "outputs.json", "application/json", 0));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not delete the replaced spilled outputs {} of node '{}': {}",
          unreferenced.outputsRef(),
          unreferenced.nodeId(),
          e.toString());
    }
  }

  /**
   * {@return the checkpoint of node {@code i} of a run as it is now: finished, failed or waiting}
   */
  NodeRunRecord recordOf(ExecutionRun run, int i) {
    NodeState st = run.state(i);
    ExecutionPlan plan = run.plan();
    String outputs = null;
    String token = null;
    Instant resumeAt = null;
    switch (st.status) {
      case WAITING -> {
        List<List<Item>> batches = st.batches; // a run per batch: to start the next child
        outputs =
            ItemsJson.writeWait(
                new ItemsJson.StoredWait(
                    st.wait.itemsWhenDue(),
                    batches == null ? List.of() : batches,
                    st.wait.resumeStep()));
        token = st.resumeToken;
        resumeAt = st.wait.until();
      }
      case SUCCEEDED -> {
        if (st.stored == null) {
          outputs = ItemsJson.writeOutputs(st.outputs);
        }
      }
      case FAILED -> {
        if (plan.continueOnFail[i]) {
          outputs = ItemsJson.writeOutputs(st.outputs);
        }
      }
      default -> {}
    }
    NodeExecutionException error = st.status == NodeRunStatus.FAILED ? st.error : null;
    StoredOutputs stored =
        st.status == NodeRunStatus.SUCCEEDED && st.stored != null
            ? st.stored
            : checkpointOutputs.store(outputs);
    NodeRunRecord rec =
        new NodeRunRecord(
            run.id(),
            plan.ids[i],
            0,
            st.status,
            Math.max(st.attempts, 1),
            st.startedAt,
            st.status == NodeRunStatus.WAITING ? null : clock.now(),
            stored.json(),
            stored.ref(),
            error == null ? null : ErrorJson.write(error),
            token,
            resumeAt);
    return rec;
  }

  /** {@return the record of a node of a run that was cancelled (it ran or was about to)} */
  NodeRunRecord cancelledRecord(ExecutionRun run, int i) {
    NodeState st = run.state(i);
    return new NodeRunRecord(
        run.id(),
        run.plan().ids[i],
        0,
        NodeRunStatus.CANCELLED,
        Math.max(st.attempts, 1),
        st.startedAt,
        clock.now(),
        null,
        null,
        null,
        null,
        null);
  }
}
