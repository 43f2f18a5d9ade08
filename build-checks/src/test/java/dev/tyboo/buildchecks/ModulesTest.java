package dev.tyboo.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every published module is a named JPMS module with the expected name, exports no internal
 * package, and documents each exported package in a {@code package-info.java} that names its entry
 * point.
 */
class ModulesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @ParameterizedTest
  @CsvSource({
    "engine-core, dev.tyboo.core",
    "engine-nodes, dev.tyboo.nodes",
    "engine-ai, dev.tyboo.ai",
    "engine-persistence-jdbc, dev.tyboo.persistence.jdbc",
    "examples, dev.tyboo.examples"
  })
  void module_is_named_and_exports_only_documented_api(String directory, String moduleName)
      throws Exception {
    Path classes = ROOT.resolve(directory).resolve("target/classes");
    Map<String, ModuleReference> found =
        ModuleFinder.of(classes).findAll().stream()
            .collect(java.util.stream.Collectors.toMap(r -> r.descriptor().name(), r -> r));
    assertThat(found).as("module descriptor in %s", classes).containsOnlyKeys(moduleName);

    ModuleDescriptor descriptor = found.get(moduleName).descriptor();
    for (ModuleDescriptor.Exports export : descriptor.exports()) {
      String pkg = export.source();
      assertThat(pkg).as("%s exports an internal package", moduleName).doesNotContain(".internal");
      assertThat(export.isQualified())
          .as("%s exports %s only to some modules", moduleName, pkg)
          .isFalse();
      Path info =
          ROOT.resolve(directory)
              .resolve("src/main/java")
              .resolve(pkg.replace('.', '/'))
              .resolve("package-info.java");
      assertThat(info).as("package-info.java of exported package %s", pkg).exists();
      assertThat(Files.readString(info))
          .as("%s names its entry point with {@link ...}", info)
          .contains("{@link");
    }
  }
}
