package dev.tyboo.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tyboo.node.NodeDescriptor;
import dev.tyboo.node.NodeType;
import dev.tyboo.node.PortSpec;
import dev.tyboo.node.PropertySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The catalogue table in {@code engine-nodes/README.md} is generated from the descriptors: this
 * test fails when they differ and writes the current table to {@code target/catalogue-table.md}, to
 * paste between the README's markers.
 */
class CatalogueTableTest {

  private static final String START = "<!-- catalogue:start -->\n";
  private static final String END = "<!-- catalogue:end -->";

  static String table() {
    StringBuilder t = new StringBuilder();
    t.append("| type | name | what it does | parameters | outputs |\n");
    t.append("|---|---|---|---|---|\n");
    for (NodeType type : CoreNodes.all()) {
      NodeDescriptor d = type.descriptor();
      t.append("| `")
          .append(d.type())
          .append("` | ")
          .append(d.displayName())
          .append(" | ")
          .append(d.description())
          .append(" | ")
          .append(
              d.properties().stream()
                  .map(CatalogueTableTest::property)
                  .collect(Collectors.joining(", ")))
          .append(" | ")
          .append(outputs(type))
          .append(" |\n");
    }
    return t.toString();
  }

  private static String outputs(NodeType type) {
    String declared =
        type.descriptor().outputs().stream().map(PortSpec::name).collect(Collectors.joining(", "));
    try {
      boolean derived =
          type.getClass().getMethod("outputPorts", java.util.Map.class).getDeclaringClass()
              != NodeType.class;
      return derived ? (declared.isEmpty() ? "" : declared + ", ") + "set by parameters" : declared;
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  private static String property(PropertySpec p) {
    return "`" + p.name() + "`" + (p.isRequired() ? "*" : "");
  }

  @Test
  void the_readme_table_matches_the_descriptors() throws IOException {
    String expected = table();
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "catalogue-table.md"), expected);
    String readme = Files.readString(Path.of("README.md"));
    int from = readme.indexOf(START);
    int to = readme.indexOf(END);
    assertThat(from).as("README has the catalogue markers").isNotNegative();
    assertThat(readme.substring(from + START.length(), to))
        .as("README table (regenerate from target/catalogue-table.md)")
        .isEqualTo(expected);
  }
}
