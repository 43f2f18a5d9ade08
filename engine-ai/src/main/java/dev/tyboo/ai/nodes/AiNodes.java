package dev.tyboo.ai.nodes;

import dev.tyboo.ai.agent.AgentTool;
import dev.tyboo.ai.cost.CostTracker;
import dev.tyboo.ai.cost.PriceTable;
import dev.tyboo.ai.providers.ModelProviders;
import dev.tyboo.ai.spi.VectorStore;
import dev.tyboo.ai.vector.InMemoryVectorStore;
import dev.tyboo.node.NodeCatalog;
import dev.tyboo.node.NodeRegistry;
import dev.tyboo.node.NodeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The AI node catalogue. Found by {@link java.util.ServiceLoader} with the built-in providers and
 * no prices; a host that wants prices, a budget or its own providers builds one and registers its
 * node types itself:
 *
 * <pre>{@code
 * CostTracker costs = CostTracker.withBudget(prices, new BigDecimal("0.50"));
 * AiNodes ai = AiNodes.create(ModelProviders.defaults(), costs);
 * Engine engine = Engine.builder().nodeTypes(NodeRegistry.of(ai.nodeTypes())).build();
 * engine.addListener(costs);
 * }</pre>
 */
public final class AiNodes implements NodeCatalog {

  private final List<NodeType> nodeTypes;

  /** The catalogue with the built-in providers and an empty price table (for ServiceLoader). */
  public AiNodes() {
    this(
        ModelProviders.defaults(),
        CostTracker.of(PriceTable.empty()),
        Map.of("memory", new InMemoryVectorStore()));
  }

  private AiNodes(ModelProviders providers, CostTracker costs, Map<String, VectorStore> stores) {
    this(providers, costs, stores, Map.of(), NodeRegistry.empty());
  }

  private AiNodes(
      ModelProviders providers,
      CostTracker costs,
      Map<String, VectorStore> stores,
      Map<String, AgentTool> tools,
      NodeRegistry agentNodeTypes) {
    this.nodeTypes =
        List.of(
            new ChatModelNode(providers, costs),
            new EmbeddingsNode(providers, costs),
            new DocumentNode(),
            new VectorStoreNode(stores),
            new QuestionAnswerNode(providers, costs, stores),
            dev.tyboo.ai.guardrails.GuardrailNode.type(new ModelModeration(providers, costs)),
            new AgentNode(providers, costs, tools, agentNodeTypes));
  }

  /**
   * {@return a catalogue on these providers and this tracker, with one in-memory vector store named
   * {@code memory}}
   *
   * @param providers where models come from
   * @param costs where calls are priced, totalled and held to a budget
   */
  public static AiNodes create(ModelProviders providers, CostTracker costs) {
    return create(providers, costs, Map.of("memory", new InMemoryVectorStore()));
  }

  /**
   * {@return a catalogue on these providers, this tracker and these vector stores}
   *
   * @param providers where models come from
   * @param costs where calls are priced, totalled and held to a budget
   * @param stores the vector stores workflows may name (their {@code store} parameter)
   */
  public static AiNodes create(
      ModelProviders providers, CostTracker costs, Map<String, VectorStore> stores) {
    return new AiNodes(
        Objects.requireNonNull(providers, "providers"),
        Objects.requireNonNull(costs, "costs"),
        Map.copyOf(stores));
  }

  /** {@return a builder: built-in providers, no prices, an in-memory vector store, no tools} */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link AiNodes} catalogue. Not thread-safe. */
  public static final class Builder {
    private ModelProviders providers = ModelProviders.defaults();
    private CostTracker costs = CostTracker.of(PriceTable.empty());
    private final Map<String, VectorStore> stores = new LinkedHashMap<>();
    private final Map<String, AgentTool> tools = new LinkedHashMap<>();
    private NodeRegistry agentNodeTypes = NodeRegistry.empty();

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param nodeTypes the node types AI agents may call as tools ({@code {"type": "node", "node":
     *     ..}} in their {@code tools}); none by default
     */
    public Builder nodeTypes(NodeRegistry nodeTypes) {
      this.agentNodeTypes = Objects.requireNonNull(nodeTypes, "nodeTypes");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param providers where models come from
     */
    public Builder providers(ModelProviders providers) {
      this.providers = Objects.requireNonNull(providers, "providers");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param costs where calls are priced, totalled and held to a budget
     */
    public Builder costs(CostTracker costs) {
      this.costs = Objects.requireNonNull(costs, "costs");
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param name the name workflows give in their {@code store} parameter
     * @param store the vector store
     */
    public Builder vectorStore(String name, VectorStore store) {
      stores.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(store, "store"));
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param tool a tool AI agents may call ({@code {"type": "host", "name": ..}} in their {@code
     *     tools})
     * @throws IllegalArgumentException when a tool of that name was given already
     */
    public Builder tool(AgentTool tool) {
      String name = tool.spec().name();
      if (tools.putIfAbsent(name, tool) != null) {
        throw new IllegalArgumentException("a second agent tool named '" + name + "'");
      }
      return this;
    }

    /** {@return the catalogue} */
    public AiNodes build() {
      Map<String, VectorStore> s =
          stores.isEmpty() ? Map.of("memory", new InMemoryVectorStore()) : Map.copyOf(stores);
      return new AiNodes(providers, costs, s, Map.copyOf(tools), agentNodeTypes);
    }
  }

  @Override
  public List<NodeType> nodeTypes() {
    return nodeTypes;
  }
}
