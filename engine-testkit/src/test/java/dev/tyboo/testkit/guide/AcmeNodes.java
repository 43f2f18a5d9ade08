package dev.tyboo.testkit.guide;

import dev.tyboo.node.NodeCatalog;
import dev.tyboo.node.NodeType;
import java.util.List;

/** The catalogue of this project's nodes, found by {@code ServiceLoader}. */
public final class AcmeNodes implements NodeCatalog {

  @Override
  public List<NodeType> nodeTypes() {
    return List.of(Uppercase.TYPE, Sign.TYPE, Checksum.TYPE, Remind.TYPE, Tick.TYPE);
  }
}
