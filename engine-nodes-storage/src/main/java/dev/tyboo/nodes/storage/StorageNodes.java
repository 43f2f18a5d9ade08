package dev.tyboo.nodes.storage;

import dev.tyboo.node.NodeCatalog;
import dev.tyboo.node.NodeType;
import dev.tyboo.nodes.storage.mongodb.MongoDb;
import dev.tyboo.nodes.storage.s3.S3;
import dev.tyboo.nodes.storage.sftp.Sftp;
import java.util.List;

/**
 * The engine-nodes-storage catalogue, found by {@link java.util.ServiceLoader} as a {@link
 * NodeCatalog}: S3-compatible object storage, SFTP and MongoDB.
 */
public final class StorageNodes implements NodeCatalog {

  /** For {@link java.util.ServiceLoader}. */
  public StorageNodes() {}

  @Override
  public List<NodeType> nodeTypes() {
    return List.of(S3.type(), Sftp.type(), MongoDb.type());
  }
}
