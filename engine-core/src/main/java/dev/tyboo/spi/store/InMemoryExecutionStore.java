package dev.tyboo.spi.store;

import dev.tyboo.error.ConcurrentUpdateException;
import dev.tyboo.error.ExecutionNotFoundException;
import dev.tyboo.error.StaleLeaseException;
import dev.tyboo.error.StorageException;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.NodeRunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Executions and node runs in memory, under one lock. */
final class InMemoryExecutionStore implements ExecutionStore, NodeStore {

  private static final Comparator<ExecutionRecord> NEWEST_FIRST =
      Comparator.comparing(ExecutionRecord::createdAt)
          .thenComparing(r -> r.id().value())
          .reversed();

  private final Map<ExecutionId, Entry> executions = new HashMap<>();
  private long memoryPositions;

  private static final class Entry {
    ExecutionRecord record;
    long fence = Long.MIN_VALUE;
    final Map<String, NodeRunRecord> runs = new LinkedHashMap<>();
    final Set<String> subjects = new HashSet<>();
    final Map<String, Map<String, String>> steps = new HashMap<>();
    final Map<String, MemoryEntry> memory = new HashMap<>(); // scope, key, node, index -> entry

    Entry(ExecutionRecord record) {
      this.record = record;
    }
  }

  @Override
  public synchronized String recordStep(
      ExecutionId id, String nodeId, String step, String valueJson) {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(valueJson, "valueJson");
    if (step == null || step.isBlank() || step.length() > 200) {
      throw new IllegalArgumentException("a step needs a name of 1 to 200 characters");
    }
    return entry(id)
        .steps
        .computeIfAbsent(nodeId, n -> new LinkedHashMap<>())
        .computeIfAbsent(step, s -> valueJson);
  }

  @Override
  public synchronized Map<String, String> steps(ExecutionId id, String nodeId) {
    Entry e = executions.get(Objects.requireNonNull(id, "id"));
    Map<String, String> steps = e == null ? null : e.steps.get(nodeId);
    return steps == null ? Map.of() : Map.copyOf(steps);
  }

  private static String memoryKey(String scope, String key) {
    return Objects.requireNonNull(scope, "scope") + '\u0000' + NodeStore.checkMemoryKey(key);
  }

  @Override
  public synchronized void appendMemory(
      String scope,
      String key,
      ExecutionId writer,
      String nodeId,
      int firstIndex,
      List<String> entriesJson) {
    Objects.requireNonNull(nodeId, "nodeId");
    String memory = memoryKey(scope, key);
    Entry e = entry(writer);
    for (int k = 0; k < entriesJson.size(); k++) {
      String value = Objects.requireNonNull(entriesJson.get(k), "entry");
      e.memory.computeIfAbsent(
          memory + '\u0000' + nodeId + '\u0000' + (firstIndex + k),
          x -> new MemoryEntry(++memoryPositions, writer, nodeId, value));
    }
  }

  @Override
  public synchronized List<MemoryEntry> memory(String scope, String key, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, was " + max);
    }
    String prefix = memoryKey(scope, key) + '\u0000';
    List<MemoryEntry> found = new ArrayList<>();
    for (Entry e : executions.values()) {
      e.memory.forEach(
          (k, entry) -> {
            if (k.startsWith(prefix)) {
              found.add(entry);
            }
          });
    }
    found.sort(Comparator.comparingLong(MemoryEntry::position));
    return List.copyOf(found.subList(Math.max(0, found.size() - max), found.size()));
  }

  @Override
  public synchronized Map<String, List<MemoryEntry>> memoryWrittenBy(ExecutionId writer) {
    Entry e = executions.get(Objects.requireNonNull(writer, "writer"));
    Map<String, List<MemoryEntry>> out = new java.util.TreeMap<>();
    if (e != null) {
      e.memory.forEach(
          (k, entry) -> {
            String key = k.split("\u0000", 3)[1];
            out.computeIfAbsent(key, x -> new ArrayList<>()).add(entry);
          });
      out.values().forEach(l -> l.sort(Comparator.comparingLong(MemoryEntry::position)));
    }
    return out;
  }

  @Override
  public synchronized int forgetMemory(String scope, String key) {
    String prefix = memoryKey(scope, key) + '\u0000';
    int removed = 0;
    for (Entry e : executions.values()) {
      int before = e.memory.size();
      e.memory.keySet().removeIf(k -> k.startsWith(prefix));
      removed += before - e.memory.size();
    }
    return removed;
  }

  private Entry entry(ExecutionId id) {
    Entry e = executions.get(Objects.requireNonNull(id, "id"));
    if (e == null) {
      throw new ExecutionNotFoundException(id.value());
    }
    return e;
  }

  @Override
  public synchronized ExecutionRecord create(ExecutionRecord record) {
    Objects.requireNonNull(record, "record");
    if (executions.containsKey(record.id())) {
      throw new StorageException("an execution with id " + record.id() + " already exists", null);
    }
    ExecutionRecord stored = record.withRevision(1);
    executions.put(record.id(), new Entry(stored));
    return stored;
  }

  @Override
  public synchronized Optional<ExecutionRecord> find(ExecutionId id) {
    Entry e = executions.get(Objects.requireNonNull(id, "id"));
    return e == null ? Optional.empty() : Optional.of(e.record);
  }

  @Override
  public synchronized ExecutionRecord update(ExecutionRecord record) {
    Entry e = entry(Objects.requireNonNull(record, "record").id());
    if (e.record.revision() != record.revision()) {
      throw new ConcurrentUpdateException(
          "execution "
              + record.id()
              + " was changed concurrently: update based on revision "
              + record.revision()
              + ", stored revision is "
              + e.record.revision());
    }
    e.record = record.withRevision(record.revision() + 1);
    return e.record;
  }

  @Override
  public synchronized ExecutionRecord fence(ExecutionId id, long fencingToken) {
    Entry e = entry(id);
    if (fencingToken < e.fence) {
      throw new StaleLeaseException(
          "execution "
              + id
              + " is held with fencing token "
              + e.fence
              + "; token "
              + fencingToken
              + " is stale");
    }
    e.fence = fencingToken;
    return e.record;
  }

  @Override
  public synchronized void checkpoint(NodeRunRecord run, long fencingToken) {
    Entry e = entry(Objects.requireNonNull(run, "run").executionId());
    if (fencingToken < e.fence) {
      throw new StaleLeaseException(
          "checkpoint of node '"
              + run.nodeId()
              + "' in execution "
              + run.executionId()
              + " refused: fencing token "
              + fencingToken
              + " is older than "
              + e.fence);
    }
    e.runs.put(run.nodeId() + "#" + run.runIndex(), run);
  }

  @Override
  public synchronized boolean resolveWait(NodeRunRecord finished) {
    Entry e = entry(Objects.requireNonNull(finished, "finished").executionId());
    if (finished.status() == NodeRunStatus.WAITING) {
      throw new IllegalArgumentException("resolveWait needs a record that is not WAITING");
    }
    String key = finished.nodeId() + "#" + finished.runIndex();
    NodeRunRecord current = e.runs.get(key);
    if (current == null || current.status() != NodeRunStatus.WAITING) {
      return false;
    }
    e.runs.put(key, finished);
    return true;
  }

  @Override
  public synchronized List<NodeRunRecord> nodeRuns(ExecutionId id) {
    Entry e = executions.get(Objects.requireNonNull(id, "id"));
    return e == null ? List.of() : List.copyOf(e.runs.values());
  }

  @Override
  public synchronized Page<ExecutionRecord> query(ExecutionQuery query) {
    Objects.requireNonNull(query, "query");
    List<ExecutionRecord> matching = new ArrayList<>();
    for (Entry e : executions.values()) {
      if (query.matches(e.record)) {
        matching.add(e.record);
      }
    }
    matching.sort(NEWEST_FIRST);
    int from = Math.min(query.offset(), matching.size());
    int to = Math.min(from + query.limit(), matching.size());
    return new Page<>(matching.subList(from, to), matching.size(), query.offset());
  }

  @Override
  public synchronized boolean delete(ExecutionId id) {
    return executions.remove(Objects.requireNonNull(id, "id")) != null;
  }

  @Override
  public synchronized int deleteFinishedBefore(Instant before, String workflowName) {
    Objects.requireNonNull(before, "before");
    int before0 = executions.size();
    executions
        .values()
        .removeIf(
            e ->
                e.record.status().isFinal()
                    && e.record.finishedAt() != null
                    && e.record.finishedAt().isBefore(before)
                    && (workflowName == null || workflowName.equals(e.record.workflowName())));
    return before0 - executions.size();
  }

  @Override
  public synchronized int deleteAllButNewest(String workflowName, int keep) {
    Objects.requireNonNull(workflowName, "workflowName");
    if (keep < 0) {
      throw new IllegalArgumentException("keep must be >= 0, was " + keep);
    }
    List<ExecutionRecord> ended = new ArrayList<>();
    for (Entry e : executions.values()) {
      if (e.record.status().isFinal() && workflowName.equals(e.record.workflowName())) {
        ended.add(e.record);
      }
    }
    ended.sort(NEWEST_FIRST);
    List<ExecutionRecord> doomed = ended.subList(Math.min(keep, ended.size()), ended.size());
    doomed.forEach(r -> executions.remove(r.id()));
    return doomed.size();
  }

  @Override
  public synchronized void tagSubject(ExecutionId id, String subjectId) {
    ExecutionStore.checkSubject(subjectId);
    entry(id).subjects.add(subjectId);
  }

  @Override
  public synchronized List<ExecutionId> subjectExecutions(String subjectId) {
    Objects.requireNonNull(subjectId, "subjectId");
    List<ExecutionId> ids = new ArrayList<>();
    executions.forEach(
        (id, e) -> {
          if (e.subjects.contains(subjectId)) {
            ids.add(id);
          }
        });
    return List.copyOf(ids);
  }
}
