package dev.lessor.examples;

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
 * lessor-bom is kept by hand (it has no parent, see bom/pom.xml), so the build checks it: every
 * module the root pom builds that is published (not marked {@code maven.deploy.skip}) is pinned in
 * the BOM, the BOM pins nothing else, and its version is the project's.
 */
class BomListsEveryModuleTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static Document read(Path pom) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(pom.toFile());
  }

  /** The text of the first child element of the project element with this name. */
  private static String projectChild(Document pom, String name) {
    NodeList children = pom.getDocumentElement().getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      Node child = children.item(i);
      if (child instanceof Element element && element.getTagName().equals(name)) {
        return element.getTextContent().trim();
      }
    }
    return "";
  }

  private static List<String> texts(Document pom, String tag) {
    NodeList nodes = pom.getElementsByTagName(tag);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add(nodes.item(i).getTextContent().trim());
    }
    return out;
  }

  @Test
  void bom_againstRootModules_pinsEveryPublishedArtifactAtTheProjectVersion() throws Exception {
    Path rootPom = ROOT.resolve("pom.xml");
    assertThat(rootPom).exists();
    Document root = read(rootPom);
    Document bom = read(ROOT.resolve("bom/pom.xml"));

    TreeSet<String> published = new TreeSet<>();
    for (String module : texts(root, "module")) {
      Document pom = read(ROOT.resolve(module).resolve("pom.xml"));
      boolean deploySkipped = texts(pom, "maven.deploy.skip").contains("true");
      String packaging = projectChild(pom, "packaging");
      if (!deploySkipped && !module.equals("bom") && !packaging.equals("pom")) {
        published.add("dev.lessor:" + projectChild(pom, "artifactId"));
      }
    }

    assertThat(published)
        .contains("dev.lessor:lessor-core", "dev.lessor:lessor-aws", "dev.lessor:lessor-testing");
    TreeSet<String> pinned = new TreeSet<>();
    NodeList dependencies = bom.getElementsByTagName("dependency");
    for (int i = 0; i < dependencies.getLength(); i++) {
      Element dependency = (Element) dependencies.item(i);
      pinned.add(
          dependency.getElementsByTagName("groupId").item(0).getTextContent().trim()
              + ":"
              + dependency.getElementsByTagName("artifactId").item(0).getTextContent().trim());
    }
    assertThat(pinned).isEqualTo(published);
    assertThat(projectChild(bom, "version")).isEqualTo(projectChild(root, "version"));
    assertThat(Files.readString(ROOT.resolve("bom/pom.xml"))).doesNotContain("<parent>");
  }
}
