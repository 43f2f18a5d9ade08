package dev.tyboo.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node archetype creates a project that builds and passes its tests out of the box, offline,
 * against this build's engine: {@code archetype:generate} into a temporary directory, then {@code
 * mvn verify} there. This build's artifacts are put in a fresh local repository that falls back to
 * the usual one for everything else ({@code maven.repo.local.tail}), so a stale snapshot there
 * cannot make the test pass.
 */
class ArchetypeTest {

  private static final Path ROOT = LocalMaven.ROOT;
  private static final String VERSION = LocalMaven.VERSION;

  @Test
  void a_generated_project_builds_and_passes_its_tests_offline(@TempDir Path work)
      throws Exception {
    LocalMaven maven =
        LocalMaven.withModules(work, "engine-core", "engine-testkit", "tyboo-node-archetype");
    Path projects = Files.createDirectories(work.resolve("projects"));

    String generated =
        maven.run(
            projects,
            "org.apache.maven.plugins:maven-archetype-plugin:3.4.1:generate",
            "-DarchetypeGroupId=dev.tyboo",
            "-DarchetypeArtifactId=tyboo-node-archetype",
            "-DarchetypeVersion=" + VERSION,
            "-DgroupId=com.acme",
            "-DartifactId=acme-nodes",
            "-Dversion=1.0.0-SNAPSHOT",
            "-Dpackage=com.acme.nodes",
            "-DinteractiveMode=false");
    Path project = projects.resolve("acme-nodes");
    assertThat(project.resolve("pom.xml")).as(generated).exists();

    String built = maven.run(project, "verify");
    assertThat(built)
        .contains("Tests run: 11, Failures: 0, Errors: 0, Skipped: 0")
        .contains("BUILD SUCCESS");
  }

  @Test
  void the_generated_node_and_its_test_are_the_guides() throws IOException {
    String archetype =
        Files.readString(
            ROOT.resolve(
                "tyboo-node-archetype/src/main/resources/archetype-resources/src/main/java/Uppercase.java"));
    String guide =
        Files.readString(
            ROOT.resolve("engine-testkit/src/test/java/dev/tyboo/testkit/guide/Uppercase.java"));
    assertThat(archetype.replace("package ${package};", "package dev.tyboo.testkit.guide;"))
        .isEqualTo(guide);
    String archetypeTest =
        Files.readString(
            ROOT.resolve(
                "tyboo-node-archetype/src/main/resources/archetype-resources/src/test/java/UppercaseTest.java"));
    String guideTest =
        Files.readString(
            ROOT.resolve(
                "engine-testkit/src/test/java/dev/tyboo/testkit/guide/UppercaseTest.java"));
    assertThat(
            archetypeTest
                .replace("package ${package};", "package dev.tyboo.testkit.guide;")
                .replace("\"/golden\"", "\"/guide-golden\""))
        .as("the generated test is the guide's")
        .isEqualTo(guideTest);
  }
}
