package dev.tyboo.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every JSON mapper in main code comes from {@code dev.tyboo.json.JsonMappers}, the engine's one
 * Jackson configuration: a mapper made by hand would read JSON with other bounds and other
 * refusals. Format mappers (XML, CSV) are not JSON mappers and are left alone.
 */
class JsonMappersUsedTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private static final Pattern AD_HOC =
      Pattern.compile("new\\s+(ObjectMapper|JsonMapper)\\s*\\(|JsonMapper\\.builder\\s*\\(");

  private static final String FACTORY = "engine-core/src/main/java/dev/tyboo/json/JsonMappers.java";

  @Test
  void main_code_makes_no_json_mapper_of_its_own() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module :
          modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
          for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
            String name = ROOT.relativize(file).toString().replace('\\', '/');
            if (!name.equals(FACTORY) && AD_HOC.matcher(Files.readString(file)).find()) {
              found.add(name);
            }
          }
        }
      }
    }
    assertThat(found).as("take these mappers from JsonMappers").isEmpty();
    assertThat(ROOT.resolve(FACTORY)).exists();
  }
}
