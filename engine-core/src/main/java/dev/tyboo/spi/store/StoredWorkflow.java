package dev.tyboo.spi.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One saved version of a workflow. Versions are immutable: saving again makes a new one, and an
 * execution pins the name and version it started with.
 *
 * @param name the workflow's name
 * @param version the version, from 1, increasing per name
 * @param json the workflow document ({@link dev.tyboo.workflow.WorkflowJson} format)
 * @param savedAt when this version was saved
 */
public record StoredWorkflow(String name, int version, String json, Instant savedAt) {

  /** Validates the components. */
  public StoredWorkflow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(savedAt, "savedAt");
    if (version < 1) {
      throw new IllegalArgumentException("version must be >= 1, was " + version);
    }
  }
}
