package dev.tyboo.testkit.guide;

import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeFailure;
import dev.tyboo.node.NodeResult;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.Param;
import dev.tyboo.spi.binary.BinaryRef;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Adds the SHA-256 of an attached file to each item (JSON type {@code acme.checksum}). */
public final class Checksum {

  /** Its parameters. @param attachment the attachment to read */
  public record Parameters(@Param(defaultValue = "data") String attachment) {}

  /** The node type. */
  public static final NodeType TYPE =
      NodeType.of(
          NodeDescriptor.builder("acme.checksum").parameters(Parameters.class).build(),
          ctx ->
              NodeResult.mapItems(
                  ctx,
                  Parameters.class,
                  (item, p) -> {
                    BinaryRef file = item.binary().get(p.attachment());
                    if (file == null) {
                      throw NodeFailure.of("the item has no attachment '" + p.attachment() + "'");
                    }
                    MessageDigest sha = MessageDigest.getInstance("SHA-256");
                    try (InputStream in = ctx.binaries().open(file)) { // streamed, not loaded whole
                      byte[] buffer = new byte[8192];
                      for (int n; (n = in.read(buffer)) > 0; ) {
                        sha.update(buffer, 0, n);
                      }
                    }
                    return item.with("sha256", HexFormat.of().formatHex(sha.digest()));
                  }));

  private Checksum() {}
}
