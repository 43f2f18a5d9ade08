package dev.tyboo.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Every jar the build publishes is built the same way twice: its entries carry the fixed {@code
 * project.build.outputTimestamp} rather than the time of the build, and its manifest names no
 * machine, user or time. (The order of entries and the bytes of classes follow from the sources;
 * the timestamps were what made two builds differ.)
 */
class ReproducibleJarsTest {

  private static final Instant OUTPUT_TIMESTAMP = Instant.parse("2026-12-06T00:00:00Z");

  @Test
  void published_jars_carry_the_fixed_timestamp_and_no_build_details() throws Exception {
    List<Path> jars = new ArrayList<>();
    for (String module :
        List.of(
            "engine-core",
            "engine-testkit",
            "engine-nodes",
            "engine-nodes-messaging",
            "engine-nodes-storage",
            "engine-nodes-kafka",
            "engine-ai",
            "engine-ai-embeddings-local",
            "engine-ai-testkit",
            "engine-ai-mcp",
            "engine-persistence-jdbc",
            "tyboo-spring-boot-starter",
            "tyboo-node-archetype")) {
      try (Stream<Path> files = Files.list(LocalMaven.ROOT.resolve(module).resolve("target"))) {
        files.filter(f -> f.toString().endsWith(".jar")).forEach(jars::add);
      }
    }
    assertThat(jars).as("built jars (run the whole build: mvn verify)").hasSizeGreaterThan(16);
    for (Path jar : jars) {
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        List<String> otherTimes = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
          ZipEntry entry = e.nextElement();
          FileTime time = entry.getLastModifiedTime();
          // zip times are to two seconds
          if (Math.abs(time.toInstant().getEpochSecond() - OUTPUT_TIMESTAMP.getEpochSecond()) > 2) {
            otherTimes.add(entry.getName() + " " + time);
          }
        }
        assertThat(otherTimes).as("%s entries not at the output timestamp", jar).isEmpty();
        ZipEntry manifest = zip.getEntry("META-INF/MANIFEST.MF");
        if (manifest != null) {
          String text = new String(zip.getInputStream(manifest).readAllBytes());
          assertThat(text)
              .as("%s manifest", jar)
              .doesNotContain("Built-By")
              .doesNotContain("Build-Time");
        }
      }
    }
  }
}
