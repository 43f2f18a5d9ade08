package dev.tyboo.buildchecks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * What Maven Central asks of every published artifact: name, description, project URL, licence,
 * developers and SCM (the parent's are inherited), a sources and a javadoc jar beside each jar; and
 * the BOM names every published module. A module is published unless its POM sets {@code
 * maven.deploy.skip}.
 */
class PublishedPomsTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String VERSION = System.getProperty("tyboo.version", "0.1.0-SNAPSHOT");

  private static Document read(Path pom) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(pom.toFile());
  }

  /** The text of a direct child element of the project, or empty. */
  private static String child(Document pom, String name) {
    for (Node n = pom.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e.getTextContent().strip();
      }
    }
    return "";
  }

  private static List<String> modules() throws Exception {
    NodeList list = read(ROOT.resolve("pom.xml")).getElementsByTagName("module");
    List<String> modules = new ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      modules.add(list.item(i).getTextContent().strip());
    }
    return modules;
  }

  private static boolean published(Document pom) {
    return pom.getElementsByTagName("maven.deploy.skip").getLength() == 0;
  }

  @Test
  void the_parent_carries_what_every_module_inherits() throws Exception {
    Document parent = read(ROOT.resolve("pom.xml"));
    for (String field : List.of("name", "description", "url", "licenses", "developers", "scm")) {
      assertThat(child(parent, field)).as("parent <%s>", field).isNotEmpty();
    }
    assertThat(parent.getElementsByTagName("project.build.outputTimestamp").getLength())
        .as("a fixed output timestamp, for reproducible archives")
        .isEqualTo(1);
  }

  @Test
  void every_published_module_has_a_name_a_description_sources_and_javadoc() throws Exception {
    for (String module : modules()) {
      Document pom = read(ROOT.resolve(module).resolve("pom.xml"));
      if (!published(pom)) {
        continue;
      }
      assertThat(child(pom, "name")).as("%s <name>", module).isNotEmpty();
      assertThat(child(pom, "description")).as("%s <description>", module).isNotEmpty();
      String packaging = child(pom, "packaging");
      if (packaging.isEmpty() || packaging.equals("jar")) {
        Path target = ROOT.resolve(module).resolve("target");
        String base = module + "-" + VERSION;
        for (String suffix : List.of(".jar", "-sources.jar", "-javadoc.jar")) {
          assertThat(target.resolve(base + suffix))
              .as("%s builds %s (run the whole build: mvn verify)", module, base + suffix)
              .exists();
        }
      }
    }
  }

  @Test
  void the_bom_names_every_published_module_and_stands_alone() throws Exception {
    Document bom = read(ROOT.resolve("tyboo-bom/pom.xml"));
    assertThat(child(bom, "parent")).as("the BOM has no parent: it brings only its own").isEmpty();
    for (String field : List.of("url", "licenses", "developers", "scm")) {
      assertThat(child(bom, field)).as("BOM <%s>", field).isNotEmpty();
    }
    TreeSet<String> listed = new TreeSet<>();
    NodeList ids =
        ((Element) bom.getElementsByTagName("dependencyManagement").item(0))
            .getElementsByTagName("artifactId");
    for (int i = 0; i < ids.getLength(); i++) {
      listed.add(ids.item(i).getTextContent().strip());
    }
    listed.remove("tyboo-bom");
    TreeSet<String> published = new TreeSet<>();
    for (String module : modules()) {
      if (!module.equals("tyboo-bom") && published(read(ROOT.resolve(module).resolve("pom.xml")))) {
        published.add(module);
      }
    }
    assertThat(listed).isEqualTo(published);
    assertThat(Files.readString(ROOT.resolve("tyboo-bom/pom.xml")))
        .contains("<version>${project.version}</version>");
  }
}
