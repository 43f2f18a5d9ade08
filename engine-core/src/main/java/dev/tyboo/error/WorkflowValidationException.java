package dev.tyboo.error;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A workflow failed validation. It carries every problem found, not just the first, each with the
 * path where it was found.
 *
 * <p>Thrown by {@code WorkflowBuilder.build()}, by the JSON codec and by the engine before it
 * starts a workflow. Nothing has run when it is thrown.
 */
public class WorkflowValidationException extends WorkflowDefinitionException {
  private static final long serialVersionUID = 1L;

  /** The workflow's name, or {@code null}. */
  private final String workflowName;

  /** Every problem found. */
  private final List<Problem> problems;

  /**
   * Creates the exception.
   *
   * @param workflowName the workflow's name, or {@code null} when it could not be read
   * @param problems every problem found; at least one
   */
  public WorkflowValidationException(String workflowName, List<Problem> problems) {
    super(format(workflowName, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    this.workflowName = workflowName;
    this.problems = List.copyOf(problems);
  }

  /**
   * {@return the workflow's name, or {@code null} when the document had none that could be read}
   */
  public String workflowName() {
    return workflowName;
  }

  /** {@return every problem found, in the order they were found; never empty} */
  public List<Problem> problems() {
    return problems;
  }

  private static String format(String workflowName, List<Problem> problems) {
    String head =
        "Workflow "
            + (workflowName == null ? "(unnamed)" : "'" + workflowName + "'")
            + " is invalid ("
            + problems.size()
            + (problems.size() == 1 ? " problem" : " problems")
            + "):";
    return problems.stream()
        .map(p -> "  - " + p)
        .collect(Collectors.joining("\n", head + "\n", ""));
  }
}
