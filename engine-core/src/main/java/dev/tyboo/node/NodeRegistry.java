package dev.tyboo.node;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The node types an engine (or a JSON reader) knows, keyed by type name and version. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * NodeRegistry registry = NodeRegistry.builder().add(new Uppercase()).discover(getClass().getClassLoader()).build();
 * }</pre>
 */
public final class NodeRegistry {

  private static final NodeRegistry EMPTY = new NodeRegistry(Map.of());

  private final Map<String, TreeMap<Integer, NodeType>> types;

  private NodeRegistry(Map<String, TreeMap<Integer, NodeType>> types) {
    this.types = types;
  }

  /** {@return a registry with no node types} */
  public static NodeRegistry empty() {
    return EMPTY;
  }

  /**
   * {@return a registry holding exactly those}
   *
   * @param nodeTypes the node types
   * @throws IllegalArgumentException when two share a type name and version
   */
  public static NodeRegistry of(NodeType... nodeTypes) {
    Builder b = builder();
    for (NodeType t : nodeTypes) {
      b.add(t);
    }
    return b.build();
  }

  /** {@return a builder} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the node type, if registered}
   *
   * @param type a type name
   * @param version a type version
   */
  public Optional<NodeType> find(String type, int version) {
    TreeMap<Integer, NodeType> versions = types.get(type);
    return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
  }

  /**
   * {@return the highest registered version of it, if any}
   *
   * @param type a type name
   */
  public Optional<NodeType> latest(String type) {
    TreeMap<Integer, NodeType> versions = types.get(type);
    return versions == null ? Optional.empty() : Optional.of(versions.lastEntry().getValue());
  }

  /**
   * {@return its registered versions, ascending; empty when unknown}
   *
   * @param type a type name
   */
  public List<Integer> versions(String type) {
    TreeMap<Integer, NodeType> versions = types.get(type);
    return versions == null ? List.of() : List.copyOf(versions.keySet());
  }

  /** {@return every registered node type, sorted by name then version} */
  public List<NodeType> all() {
    List<NodeType> all = new ArrayList<>();
    types.values().forEach(v -> all.addAll(v.values()));
    all.sort(
        Comparator.comparing((NodeType t) -> t.descriptor().type())
            .thenComparingInt(t -> t.descriptor().version()));
    return all;
  }

  /** {@return the registered type names} */
  public Collection<String> typeNames() {
    return types.keySet();
  }

  /** Collects node types. Not thread-safe. */
  public static final class Builder {
    private final Map<String, TreeMap<Integer, NodeType>> types = new HashMap<>();

    private Builder() {}

    /**
     * {@return this builder}
     *
     * @param nodeType a node type
     * @throws IllegalArgumentException when its type name and version are taken
     */
    public Builder add(NodeType nodeType) {
      Objects.requireNonNull(nodeType, "nodeType");
      NodeDescriptor d = Objects.requireNonNull(nodeType.descriptor(), "nodeType.descriptor()");
      NodeType previous =
          types.computeIfAbsent(d.type(), t -> new TreeMap<>()).putIfAbsent(d.version(), nodeType);
      if (previous != null && previous != nodeType) {
        throw new IllegalArgumentException(
            "node type '"
                + d.type()
                + "' version "
                + d.version()
                + " is registered twice: "
                + previous.getClass().getName()
                + " and "
                + nodeType.getClass().getName());
      }
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param nodeTypes node types
     */
    public Builder addAll(Collection<? extends NodeType> nodeTypes) {
      nodeTypes.forEach(this::add);
      return this;
    }

    /**
     * {@return this builder}
     *
     * @param registry another registry whose types to include
     */
    public Builder addAll(NodeRegistry registry) {
      return addAll(registry.all());
    }

    /**
     * Adds the node types of every {@link NodeCatalog} that {@link ServiceLoader} finds.
     *
     * @param classLoader where to look; {@code null} for the thread's context class loader (falling
     *     back to this class's loader)
     * @return this builder
     */
    public Builder discover(ClassLoader classLoader) {
      ClassLoader loader = classLoader;
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = NodeRegistry.class.getClassLoader();
      }
      for (NodeCatalog catalog : ServiceLoader.load(NodeCatalog.class, loader)) {
        addAll(catalog.nodeTypes());
      }
      return this;
    }

    /** {@return the registry} */
    public NodeRegistry build() {
      Map<String, TreeMap<Integer, NodeType>> copy = new HashMap<>();
      types.forEach((k, v) -> copy.put(k, new TreeMap<>(v)));
      return new NodeRegistry(Map.copyOf(copy));
    }
  }
}
