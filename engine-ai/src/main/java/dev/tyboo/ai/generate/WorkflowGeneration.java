package dev.tyboo.ai.generate;

import dev.tyboo.workflow.Workflow;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link WorkflowGenerator} made of a prompt: a valid workflow, or the last attempt and the
 * problems it still has.
 *
 * @param workflow the valid workflow, or {@code null} when none was reached
 * @param json the model's last answer, as JSON text
 * @param problems what is still wrong with it, each with its JSON path; empty when valid
 * @param rounds how many times the model was asked
 */
public record WorkflowGeneration(
    Workflow workflow, String json, List<String> problems, int rounds) {

  /** Validates and copies the components. */
  public WorkflowGeneration {
    Objects.requireNonNull(json, "json");
    problems = List.copyOf(problems);
  }

  /** {@return whether a valid workflow was reached} */
  public boolean succeeded() {
    return workflow != null;
  }

  /** {@return the valid workflow, if one was reached} */
  public Optional<Workflow> validWorkflow() {
    return Optional.ofNullable(workflow);
  }
}
