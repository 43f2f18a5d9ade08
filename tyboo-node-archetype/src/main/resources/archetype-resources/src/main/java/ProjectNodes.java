package ${package};

import dev.tyboo.node.NodeCatalog;
import dev.tyboo.node.NodeType;
import java.util.List;

/** This project's node types, found by {@code ServiceLoader} ({@code Engine.builder().discoverNodeTypes}). */
public final class ProjectNodes implements NodeCatalog {

  @Override
  public List<NodeType> nodeTypes() {
    return List.of(Uppercase.TYPE);
  }
}
