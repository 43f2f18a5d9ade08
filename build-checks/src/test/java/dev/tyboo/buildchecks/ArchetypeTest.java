package dev.tyboo.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String VERSION = System.getProperty("tyboo.version", "0.1.0-SNAPSHOT");

  @Test
  void a_generated_project_builds_and_passes_its_tests_offline(@TempDir Path work)
      throws Exception {
    Path repo = work.resolve("repo");
    install(repo, "tyboo-engine-parent", ROOT.resolve("pom.xml"), null);
    install(repo, "tyboo-bom", ROOT.resolve("tyboo-bom/pom.xml"), null);
    for (String module : List.of("engine-core", "engine-testkit", "tyboo-node-archetype")) {
      Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
      assertThat(jar).as("%s is built (run the whole build: mvn verify)", module).exists();
      install(repo, module, ROOT.resolve(module).resolve("pom.xml"), jar);
    }
    Path projects = Files.createDirectories(work.resolve("projects"));

    String generated =
        maven(
            projects,
            repo,
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

    String built = maven(project, repo, "verify");
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

  /** Puts an artifact in a local repository as {@code mvn install} would. */
  private static void install(Path repo, String artifactId, Path pom, Path jar) throws IOException {
    Path dir =
        Files.createDirectories(repo.resolve("dev/tyboo").resolve(artifactId).resolve(VERSION));
    String base = artifactId + "-" + VERSION;
    Files.copy(pom, dir.resolve(base + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(jar, dir.resolve(base + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Runs this repository's Maven wrapper offline in a directory; returns its output. */
  private static String maven(Path dir, Path repo, String... goals) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ROOT.resolve("mvnw").toString());
    command.add("-B");
    command.add("-o");
    command.add("-Dmaven.repo.local=" + repo);
    command.add(
        "-Dmaven.repo.local.tail="
            + System.getProperty(
                "tyboo.localRepository",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString()));
    command.addAll(List.of(goals));
    Path log = Files.createTempFile(dir.getParent(), "maven", ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean ended = p.waitFor(5, TimeUnit.MINUTES);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(ended).as("maven %s ended within 5 minutes:%n%s", List.of(goals), out).isTrue();
    assertThat(p.exitValue()).as("maven %s:%n%s", List.of(goals), out).isZero();
    return out;
  }
}
