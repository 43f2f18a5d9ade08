package dev.tyboo.error;

/** No workflow (or no such version) is deployed under a name. */
public class WorkflowNotFoundException extends EngineException {
  private static final long serialVersionUID = 1L;

  /** The name that was looked up. */
  private final String workflowName;

  /**
   * Creates the exception.
   *
   * @param workflowName the name that was looked up
   * @param message what was looked for
   */
  public WorkflowNotFoundException(String workflowName, String message) {
    super(message);
    this.workflowName = workflowName;
  }

  /** {@return the name that was looked up} */
  public String workflowName() {
    return workflowName;
  }
}
