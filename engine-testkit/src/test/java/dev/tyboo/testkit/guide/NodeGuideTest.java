package dev.tyboo.testkit.guide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/node-guide.md quotes only code that compiles: every Java block in it is an excerpt of a
 * source file in this package, which the build compiles and the tests beside it run.
 */
class NodeGuideTest {

  private static final Path GUIDE = Path.of("../docs/node-guide.md");
  private static final Path SOURCES = Path.of("src/test/java/dev/tyboo/testkit/guide");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  @Test
  void every_java_block_of_the_guide_is_an_excerpt_of_a_compiled_source() throws IOException {
    String sources;
    try (Stream<Path> files = Files.list(SOURCES)) {
      StringBuilder all = new StringBuilder();
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        all.append(normalized(Files.readString(f))).append('\n');
      }
      sources = all.toString();
    }
    List<String> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(Files.readString(GUIDE));
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(6);
    for (String block : blocks) {
      assertThat(sources).as("a Java block of the guide:%n%s", block).contains(normalized(block));
    }
  }

  @Test
  void the_first_node_is_fifteen_lines_besides_its_logic() throws IOException {
    String source = Files.readString(SOURCES.resolve("Uppercase.java"));
    long code =
        source
            .substring(source.indexOf("public final class"))
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("/**") && !l.startsWith("*"))
            .count();
    long logic = 4; // the if, the throw, its brace and the return
    assertThat(code - logic).isLessThanOrEqualTo(15);
  }

  /** The text with each run of white space made one space, so indentation does not matter. */
  private static String normalized(String text) {
    return text.strip().replaceAll("\\s+", " ");
  }
}
