package dev.tyboo.testkit.node;

import dev.tyboo.engine.Engine;
import dev.tyboo.engine.EngineBuilder;
import dev.tyboo.execution.Execution;
import dev.tyboo.execution.NodeRun;
import dev.tyboo.execution.NodeRunStatus;
import dev.tyboo.node.Item;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PortSpec;
import dev.tyboo.spi.credential.CredentialProvider;
import dev.tyboo.spi.credential.InMemoryCredentialProvider;
import dev.tyboo.spi.time.ManualClock;
import dev.tyboo.workflow.NodeDefinition;
import dev.tyboo.workflow.RetryPolicy;
import dev.tyboo.workflow.Workflow;
import dev.tyboo.workflow.WorkflowBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one node type on given items, parameters and credentials, on a fresh in-memory engine with a
 * manual clock, and returns what it emitted per port: a node's unit test without a workflow.
 * Parameters go through the engine's validation and expressions, exactly as in a workflow.
 *
 * <pre>{@code
 * NodeTestResult result = NodeTestKit.of(Uppercase.TYPE)
 *     .parameters(Map.of("field", "name"))
 *     .input(Item.listOf(Map.of("name", "ada")))
 *     .run();
 * assertThat(result.output()).extracting(i -> i.get("name")).containsExactly("ADA");
 * }</pre>
 *
 * <p>The engine is an in-memory one (the items reach the node through small inline nodes, which a
 * durable engine would refuse); {@code GoldenFixtures} runs whole workflows on a durable engine
 * too. Not thread-safe; each {@link #run()} uses a new engine, so one kit may run several times.
 */
public final class NodeTestKit {

  /** The id of the node under test in the workflow the kit builds. */
  public static final String NODE_ID = "node";

  /** Where the kit's clock starts unless {@link #clock(ManualClock)} is given. */
  public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");

  private final NodeType type;
  private final List<NodeType> others = new ArrayList<>();
  private final List<Workflow> deployed = new ArrayList<>();
  private Map<String, Object> parameters = Map.of();
  private final Map<String, List<Item>> inputs = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> credentials = new LinkedHashMap<>();
  private final List<InputFile> files = new ArrayList<>();
  private ManualClock clock = ManualClock.at(EPOCH);
  private RetryPolicy retry = RetryPolicy.none();
  private Duration timeout = Duration.ofSeconds(30);

  private NodeTestKit(NodeType type) {
    this.type = Objects.requireNonNull(type, "type");
  }

  /**
   * {@return a kit for a node type}
   *
   * @param type the node type under test
   */
  public static NodeTestKit of(NodeType type) {
    return new NodeTestKit(type);
  }

  /**
   * {@return this kit}
   *
   * @param parameters the node's parameters, as a workflow would write them (expressions allowed)
   */
  public NodeTestKit parameters(Map<String, ?> parameters) {
    this.parameters = Map.copyOf(parameters);
    return this;
  }

  /**
   * {@return this kit}
   *
   * @param items the items on the node's first input port (or, for a node without inputs, the items
   *     its execution starts with)
   */
  public NodeTestKit input(List<Item> items) {
    List<PortSpec> ports = type.descriptor().inputs();
    return input(ports.isEmpty() ? PortSpec.MAIN : ports.getFirst().name(), items);
  }

  /**
   * {@return this kit}
   *
   * @param port an input port of the node
   * @param items the items that arrive on it
   */
  public NodeTestKit input(String port, List<Item> items) {
    inputs.put(Objects.requireNonNull(port, "port"), List.copyOf(items));
    return this;
  }

  /**
   * {@return this kit, with a file attached to an item on the first input port} The file is written
   * to the engine's binary store when the run starts, as an upstream node would write it.
   *
   * @param itemIndex the item's index among those given to {@link #input(List)}
   * @param field the attachment's name on the item, such as {@code data}
   * @param fileName the file's name
   * @param mimeType its media type, or {@code null}
   * @param content its bytes
   */
  public NodeTestKit file(
      int itemIndex, String field, String fileName, String mimeType, byte[] content) {
    if (type.descriptor().inputs().isEmpty()) {
      throw new IllegalArgumentException("a node without input ports receives no files");
    }
    files.add(new InputFile(itemIndex, field, fileName, mimeType, content.clone()));
    return this;
  }

  /**
   * {@return this kit, with a credential the node references for a type}
   *
   * @param credentialType a credential type the node's descriptor declares
   * @param data the credential's data
   */
  public NodeTestKit credential(String credentialType, Map<String, ?> data) {
    credentials.put(credentialType, Map.copyOf(data));
    return this;
  }

  /**
   * {@return this kit}
   *
   * @param clock the engine's clock, for nodes that read the time; by default one stopped at {@link
   *     #EPOCH}
   */
  public NodeTestKit clock(ManualClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * {@return this kit}
   *
   * @param policy how the engine retries the node; by default it does not, so a failure shows at
   *     once
   */
  public NodeTestKit retryPolicy(RetryPolicy policy) {
    this.retry = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * {@return this kit}
   *
   * @param timeout how long a run may take before the kit gives up on it (30 seconds by default): a
   *     node that blocks longer fails its test instead of hanging it
   */
  public NodeTestKit timeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    return this;
  }

  /**
   * {@return this kit, with another node type in the engine} For nodes that run other workflows.
   *
   * @param other a node type that deployed workflows use
   */
  public NodeTestKit nodeType(NodeType other) {
    others.add(Objects.requireNonNull(other, "other"));
    return this;
  }

  /**
   * {@return this kit, with a workflow deployed in the engine} For nodes that start workflows by
   * name.
   *
   * @param workflow a workflow to deploy before the run
   */
  public NodeTestKit deploy(Workflow workflow) {
    deployed.add(Objects.requireNonNull(workflow, "workflow"));
    return this;
  }

  /**
   * {@return what the node did: its outputs per port, or its failure, or that it waits}
   *
   * @throws dev.tyboo.error.WorkflowValidationException when the parameters are invalid (with the
   *     path of each problem, as for a workflow)
   * @throws AssertionError when the run does not end or wait within the timeout
   */
  public NodeTestResult run() {
    InMemoryCredentialProvider provider = CredentialProvider.inMemory();
    EngineBuilder builder =
        Engine.builder()
            .nodeType(type)
            .clock(clock)
            .retryPolicy(retry)
            .credentials(provider)
            .shutdownGrace(Duration.ofMillis(100)); // a node left waiting is not waited for
    others.forEach(builder::nodeType);
    try (Engine engine = builder.build()) {
      deployed.forEach(engine::deploy);
      boolean source = type.descriptor().inputs().isEmpty(); // its items start the execution
      Execution execution =
          engine.start(
              workflow(provider, source),
              source ? inputs.getOrDefault(PortSpec.MAIN, List.of()) : List.of());
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!execution.status().isFinal() && !waits(execution)) {
        if (System.nanoTime() > deadline) {
          execution.cancel();
          throw new AssertionError(
              "node type '"
                  + type.descriptor().type()
                  + "' neither ended nor waited within "
                  + timeout
                  + ": does it block without a timeout?");
        }
        LockSupport.parkNanos(200_000);
      }
      return new NodeTestResult(execution, execution.nodeRun(NODE_ID));
    }
  }

  private static boolean waits(Execution execution) {
    NodeRun run = execution.nodeRuns().get(NODE_ID);
    return run != null && run.status() == NodeRunStatus.WAITING;
  }

  private Workflow workflow(InMemoryCredentialProvider provider, boolean source) {
    WorkflowBuilder wf = Workflow.named("node-test-kit");
    wf.node(
        NODE_ID,
        NodeDefinition.of(type, parameters),
        options ->
            credentials.forEach(
                (credentialType, data) -> {
                  provider.put(credentialType, "test-" + credentialType, data);
                  options.credential(credentialType, "test-" + credentialType);
                }));
    if (source) {
      return wf.build();
    }
    String first = type.descriptor().inputs().getFirst().name();
    Map<String, List<Item>> ports = new LinkedHashMap<>(inputs);
    if (!files.isEmpty()) {
      ports.putIfAbsent(first, List.of());
    }
    ports.forEach(
        (port, items) -> {
          String feeder = "input_" + port;
          List<InputFile> attached = port.equals(first) ? List.copyOf(files) : List.of();
          wf.node(feeder, ctx -> NodeResult.of(InputFile.attach(ctx, items, attached)));
          wf.connect(feeder, PortSpec.MAIN, NODE_ID, port);
        });
    return wf.build();
  }
}
