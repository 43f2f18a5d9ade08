package dev.tyboo.benchmarks;

import java.util.UUID;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.ProcessEngineConfiguration;
import org.operaton.bpm.engine.delegate.JavaDelegate;
import org.operaton.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.operaton.bpm.model.bpmn.Bpmn;
import org.operaton.bpm.model.bpmn.BpmnModelInstance;
import org.operaton.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;

/**
 * Operaton (the Apache-2.0 fork of Camunda 7) embedded on its own in-memory H2 database, running a
 * BPMN process of no-op service tasks: the peer of {@link ChainBenchmark}.
 */
final class OperatonChain implements AutoCloseable {

  private final ProcessEngine engine;
  private final String key;

  /**
   * @param tasks service tasks in the chain
   * @param history Operaton's history level, {@code none} or {@code audit}
   * @param threads the most threads that will run processes at once; the pool gets 2 per thread +
   *     10 connections (with the default 10 it deadlocks under concurrency)
   */
  OperatonChain(int tasks, String history, int threads) {
    ProcessEngineConfigurationImpl config =
        (ProcessEngineConfigurationImpl)
            ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
                .setJdbcUrl("jdbc:h2:mem:operaton-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP)
                .setHistory(history)
                .setJobExecutorActivate(false)
                .setJdbcMaxActiveConnections(2 * threads + 10);
    config.setProcessEngineName("operaton-" + history + "-" + UUID.randomUUID());
    config.setMetricsEnabled(false);
    config.setDbMetricsReporterActivate(false);
    this.engine = config.buildProcessEngine();
    this.key = "chain" + tasks;
    AbstractFlowNodeBuilder<?, ?> builder = Bpmn.createExecutableProcess(key).startEvent();
    for (int i = 0; i < tasks; i++) {
      builder = builder.serviceTask("t" + i).operatonClass(NoopDelegate.class.getName());
    }
    BpmnModelInstance model = builder.endEvent().done();
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(key + ".bpmn", model)
        .deploy();
  }

  /** A service task that does nothing; Operaton instantiates it by class name. */
  public static final class NoopDelegate implements JavaDelegate {
    @Override
    public void execute(org.operaton.bpm.engine.delegate.DelegateExecution execution) {
      // nothing: the benchmark measures the engine
    }
  }

  Object run() {
    return engine.getRuntimeService().startProcessInstanceByKey(key);
  }

  @Override
  public void close() {
    engine.close();
  }
}
