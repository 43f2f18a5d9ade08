package dev.tyboo.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a host carries: a project that imports the BOM and depends on engine-core and engine-nodes
 * (and runs no code) resolves no GraalVM jar; the Code node's sandbox is the host's to add.
 */
class DependencyWeightTest {

  @Test
  void engine_nodes_brings_no_graalvm(@TempDir Path work) throws Exception {
    LocalMaven maven = LocalMaven.withModules(work, "engine-core", "engine-nodes");
    Path host = Files.createDirectories(work.resolve("host"));
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
            <dependency>
              <groupId>dev.tyboo</groupId>
              <artifactId>engine-core</artifactId>
            </dependency>
            <dependency>
              <groupId>dev.tyboo</groupId>
              <artifactId>engine-nodes</artifactId>
            </dependency>
          </dependencies>
        </project>
        """
            .formatted(LocalMaven.VERSION, System.getProperty("tyboo.slf4jVersion", "2.0.20")));
    Path list = work.resolve("dependencies.txt");

    maven.run(
        host,
        "org.apache.maven.plugins:maven-dependency-plugin:3.11.0:list",
        "-DoutputFile=" + list,
        "-DincludeScope=runtime");

    String resolved = Files.readString(list);
    assertThat(resolved).contains("dev.tyboo:engine-nodes:jar").contains("com.cronutils");
    assertThat(resolved).doesNotContain("org.graalvm");
  }
}
