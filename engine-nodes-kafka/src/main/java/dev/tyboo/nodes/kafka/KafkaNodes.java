package dev.tyboo.nodes.kafka;

import dev.tyboo.node.NodeCatalog;
import dev.tyboo.node.NodeType;
import java.util.List;

/**
 * The engine-nodes-kafka catalogue, found by {@link java.util.ServiceLoader} as a {@link
 * NodeCatalog}: {@link KafkaPublish} and {@link KafkaTrigger}.
 */
public final class KafkaNodes implements NodeCatalog {

  /** For {@link java.util.ServiceLoader}. */
  public KafkaNodes() {}

  @Override
  public List<NodeType> nodeTypes() {
    return List.of(KafkaPublish.type(), KafkaTrigger.type());
  }
}
