package dev.tyboo.spi.store;

import dev.tyboo.spi.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps every version of every workflow, as JSON documents. Saving never changes an existing
 * version. Implementations must be thread-safe (and safe across processes when shared); every
 * implementation's test extends the contract test {@code WorkflowStoreContract} of engine-testkit.
 */
public interface WorkflowStore {

  /**
   * Optional features; asking for a missing one throws {@link
   * dev.tyboo.error.UnsupportedCapabilityException}.
   */
  enum Capability {
    /** {@link #versions} and {@link #names} list what is saved. */
    LISTING
  }

  /** {@return what this implementation supports} */
  default Set<Capability> capabilities() {
    return Set.of(Capability.values());
  }

  /**
   * {@return a store in this process's memory}
   *
   * @param clock stamps saved versions
   */
  static WorkflowStore inMemory(Clock clock) {
    return new InMemoryWorkflowStore(clock);
  }

  /**
   * Saves a new version: one more than the highest saved for that name, 1 for a new name.
   *
   * @param name the workflow's name; not blank
   * @param json the workflow document
   * @return the saved version
   */
  StoredWorkflow save(String name, String json);

  /**
   * {@return that version, if saved}
   *
   * @param name a workflow name
   * @param version a version
   */
  Optional<StoredWorkflow> find(String name, int version);

  /**
   * {@return its highest version, if any was saved}
   *
   * @param name a workflow name
   */
  Optional<StoredWorkflow> latest(String name);

  /**
   * {@return its saved versions, ascending; empty for an unknown name}
   *
   * @param name a workflow name
   */
  List<Integer> versions(String name);

  /** {@return the names of all saved workflows, sorted} */
  List<String> names();
}
