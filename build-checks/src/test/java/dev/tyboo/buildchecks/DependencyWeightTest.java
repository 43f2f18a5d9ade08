package dev.tyboo.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a host carries: a project that imports the BOM and depends on engine-core and engine-nodes
 * (and runs no code) resolves no GraalVM jar; the Code node's sandbox is the host's to add. One
 * that depends on engine-ai resolves no ONNX Runtime unless it adds engine-ai-embeddings-local.
 */
class DependencyWeightTest {

  @Test
  void engine_nodes_brings_no_graalvm(@TempDir Path work) throws Exception {
    String resolved = resolve(work, "engine-core", "engine-nodes");

    assertThat(resolved).contains("dev.tyboo:engine-nodes:jar").contains("com.cronutils");
    assertThat(resolved).doesNotContain("org.graalvm");
  }

  @Test
  void engine_ai_brings_no_onnx_runtime_unless_the_local_embeddings_are_added(@TempDir Path work)
      throws Exception {
    String ai = resolve(work.resolve("ai"), "engine-ai");
    String local = resolve(work.resolve("local"), "engine-ai", "engine-ai-embeddings-local");

    assertThat(ai).contains("dev.tyboo:engine-ai:jar").doesNotContain("onnxruntime");
    assertThat(local).contains("com.microsoft.onnxruntime:onnxruntime");
  }

  @Test
  void engine_nodes_messaging_brings_its_clients_without_netty_or_bouncycastle(@TempDir Path work)
      throws Exception {
    String messaging = resolve(work, "engine-nodes-messaging");

    assertThat(messaging)
        .contains("com.rabbitmq:amqp-client", "io.nats:jnats")
        .doesNotContain("io.netty", "org.bouncycastle");
  }

  /** {@return the run-time dependencies of a host that imports the BOM and depends on these} */
  private static String resolve(Path work, String... artifacts) throws Exception {
    Files.createDirectories(work);
    LocalMaven maven =
        LocalMaven.withModules(
            work,
            "engine-core",
            "engine-nodes",
            "engine-nodes-messaging",
            "engine-ai",
            "engine-ai-embeddings-local");
    Path host = Files.createDirectories(work.resolve("host"));
    StringBuilder dependencies = new StringBuilder();
    for (String artifact : artifacts) {
      dependencies.append(
          """
              <dependency>
                <groupId>dev.tyboo</groupId>
                <artifactId>%s</artifactId>
              </dependency>
          """
              .formatted(artifact));
    }
    Files.writeString(
        host.resolve("pom.xml"),
        """
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.acme</groupId>
          <artifactId>host</artifactId>
          <version>1</version>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>dev.tyboo</groupId>
                <artifactId>tyboo-bom</artifactId>
                <version>%s</version>
                <type>pom</type>
                <scope>import</scope>
              </dependency>
              <dependency>
                <!-- the version the engine is built with; pinned so that this offline run needs no
                     descriptor of the older one a transitive dependency names -->
                <groupId>org.slf4j</groupId>
                <artifactId>slf4j-api</artifactId>
                <version>%s</version>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <dependencies>
        %s  </dependencies>
        </project>
        """
            .formatted(
                LocalMaven.VERSION,
                System.getProperty("tyboo.slf4jVersion", "2.0.20"),
                dependencies));
    Path list = work.resolve("dependencies.txt");
    maven.run(
        host,
        "org.apache.maven.plugins:maven-dependency-plugin:3.11.0:list",
        "-DoutputFile=" + list,
        "-DincludeScope=runtime");
    return Files.readString(list);
  }
}
