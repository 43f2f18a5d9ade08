package dev.tyboo.testkit.node;

import dev.tyboo.node.Item;
import dev.tyboo.node.NodeContext;
import dev.tyboo.spi.binary.BinaryRef;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/** A file {@link NodeTestKit#file} attaches to an input item. */
record InputFile(int itemIndex, String field, String fileName, String mimeType, byte[] content) {

  /** {@return the items with the files written to the run's binary store and attached} */
  static List<Item> attach(NodeContext ctx, List<Item> items, List<InputFile> files) {
    List<Item> out = new ArrayList<>(items);
    for (InputFile f : files) {
      if (f.itemIndex < 0 || f.itemIndex >= out.size()) {
        throw new IllegalArgumentException(
            "file '"
                + f.fileName
                + "' is for item "
                + f.itemIndex
                + ", but there are "
                + out.size()
                + " input items");
      }
      BinaryRef ref =
          ctx.binaries().write(new ByteArrayInputStream(f.content), f.fileName, f.mimeType);
      out.set(f.itemIndex, out.get(f.itemIndex).withBinary(f.field, ref));
    }
    return out;
  }
}
