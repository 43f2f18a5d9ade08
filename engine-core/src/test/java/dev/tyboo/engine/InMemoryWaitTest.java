package dev.tyboo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.error.UnsupportedCapabilityException;
import dev.tyboo.error.WorkflowNotFoundException;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.ExecutionId;
import dev.tyboo.execution.ExecutionStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.flow.ExecuteWorkflow;
import dev.tyboo.spi.time.Clock;
import dev.tyboo.workflow.Workflow;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Waits, resumes and sub-workflows in an engine without storage. */
class InMemoryWaitTest extends WaitContract {

  @Override
  protected EngineBuilder newEngine(Clock clock) {
    return Engine.builder().clock(clock);
  }

  @Test
  void should_name_unknown_sub_workflows_and_refuse_store_operations() {
    try (Engine mem = Engine.builder().build()) {
      Workflow parent =
          Workflow.named("parent").node("call", ExecuteWorkflow.named("nope")).build();
      Execution run = mem.run(parent, List.of(Item.empty()));
      assertThat(run.status()).isEqualTo(ExecutionStatus.FAILED);
      assertThat(run.error().orElseThrow().getMessage()).contains("'nope'");
      assertThatThrownBy(() -> mem.startDeployed("nope", List.of()))
          .isInstanceOf(WorkflowNotFoundException.class);
      assertThatThrownBy(() -> mem.executions().resumeFromFailure(ExecutionId.of("x")))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("storage(");
    }
  }
}
