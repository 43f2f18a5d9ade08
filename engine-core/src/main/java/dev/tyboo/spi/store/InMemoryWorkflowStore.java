package dev.tyboo.spi.store;

import dev.tyboo.spi.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** Workflow versions in memory, under one lock. */
final class InMemoryWorkflowStore implements WorkflowStore {

  private final Clock clock;
  private final Map<String, List<StoredWorkflow>> versions = new TreeMap<>();

  InMemoryWorkflowStore(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized StoredWorkflow save(String name, String json) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(json, "json");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    List<StoredWorkflow> list = versions.computeIfAbsent(name, n -> new ArrayList<>());
    StoredWorkflow saved = new StoredWorkflow(name, list.size() + 1, json, clock.now());
    list.add(saved);
    return saved;
  }

  @Override
  public synchronized Optional<StoredWorkflow> find(String name, int version) {
    List<StoredWorkflow> list = versions.get(name);
    return list == null || version < 1 || version > list.size()
        ? Optional.empty()
        : Optional.of(list.get(version - 1));
  }

  @Override
  public synchronized Optional<StoredWorkflow> latest(String name) {
    List<StoredWorkflow> list = versions.get(name);
    return list == null ? Optional.empty() : Optional.of(list.get(list.size() - 1));
  }

  @Override
  public synchronized List<Integer> versions(String name) {
    List<StoredWorkflow> list = versions.get(name);
    return list == null ? List.of() : list.stream().map(StoredWorkflow::version).toList();
  }

  @Override
  public synchronized List<String> names() {
    return List.copyOf(versions.keySet());
  }
}
