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

/**
 * Maven runs of projects outside the build (a generated project, a host's pom) against this build's
 * artifacts, offline: they are put in a fresh local repository that falls back to the usual one for
 * everything else ({@code maven.repo.local.tail}), so a stale snapshot there cannot stand in for
 * them.
 */
final class LocalMaven {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final String VERSION = System.getProperty("tyboo.version", "0.1.0-SNAPSHOT");

  private final Path repo;

  private LocalMaven(Path repo) {
    this.repo = repo;
  }

  /**
   * {@return a repository holding the parent, the BOM and these modules as this build made them}
   *
   * @param work a scratch directory
   * @param modules modules with a jar (built by this build: run the whole build first)
   */
  static LocalMaven withModules(Path work, String... modules) throws IOException {
    LocalMaven maven = new LocalMaven(work.resolve("repo"));
    maven.install("tyboo-engine-parent", ROOT.resolve("pom.xml"), null);
    maven.install("tyboo-bom", ROOT.resolve("tyboo-bom/pom.xml"), null);
    for (String module : modules) {
      Path jar = ROOT.resolve(module).resolve("target").resolve(module + "-" + VERSION + ".jar");
      assertThat(jar).as("%s is built (run the whole build: mvn verify)", module).exists();
      maven.install(module, ROOT.resolve(module).resolve("pom.xml"), jar);
    }
    return maven;
  }

  /** Puts an artifact in the repository as {@code mvn install} would. */
  private void install(String artifactId, Path pom, Path jar) throws IOException {
    Path dir =
        Files.createDirectories(repo.resolve("dev/tyboo").resolve(artifactId).resolve(VERSION));
    String base = artifactId + "-" + VERSION;
    Files.copy(pom, dir.resolve(base + ".pom"), StandardCopyOption.REPLACE_EXISTING);
    if (jar != null) {
      Files.copy(jar, dir.resolve(base + ".jar"), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Runs this repository's Maven wrapper offline in a directory and checks it succeeded.
   *
   * @return its output
   */
  String run(Path dir, String... goals) throws Exception {
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
