package dev.lessor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's Java code blocks are code this module compiles (and, where it can, runs): each block
 * must equal, up to indentation, a region of this module's sources between {@code // readme:begin
 * name} and {@code // readme:end name}, and each region must appear in README. README's dependency
 * snippet must name only artifacts that lessor-bom pins.
 */
class ReadmeSnippetsTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path README = MODULE.getParent().resolve("README.md");
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");
  private static final Pattern BEGIN = Pattern.compile("^\\s*// readme:begin (\\S+)\\s*$");
  private static final Pattern END = Pattern.compile("^\\s*// readme:end (\\S+)\\s*$");

  /** A README block: its text and the line its fence opens on. */
  private record Block(String text, int line) {
    String firstLine() {
      return text.lines().findFirst().orElse("").strip();
    }
  }

  private static List<Block> javaBlocks(String readme) {
    List<Block> blocks = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(readme);
    while (m.find()) {
      int line = (int) readme.substring(0, m.start()).lines().count() + 1;
      blocks.add(new Block(normalise(m.group(1)), line));
    }
    return blocks;
  }

  /** The marked regions of this module's main and test sources, by name. */
  private static Map<String, String> regions() throws IOException {
    Map<String, String> regions = new LinkedHashMap<>();
    try (Stream<Path> files = Files.walk(MODULE.resolve("src"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String name = null;
        List<String> body = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
          Matcher begin = BEGIN.matcher(line);
          Matcher end = END.matcher(line);
          if (begin.matches()) {
            name = begin.group(1);
            body.clear();
          } else if (end.matches() && end.group(1).equals(name)) {
            String previous = regions.put(name, normalise(String.join("\n", body)));
            assertThat(previous).as("region %s is marked twice (again in %s)", name, file).isNull();
            name = null;
          } else if (name != null) {
            body.add(line);
          }
        }
        assertThat(name).as("region %s in %s has no readme:end", name, file).isNull();
      }
    }
    return regions;
  }

  /** Without the indentation common to its non-blank lines, trailing spaces and blank ends. */
  static String normalise(String text) {
    List<String> lines = text.lines().map(String::stripTrailing).toList();
    int indent =
        lines.stream()
            .filter(l -> !l.isEmpty())
            .mapToInt(l -> l.length() - l.stripLeading().length())
            .min()
            .orElse(0);
    return lines.stream()
        .map(l -> l.isEmpty() ? l : l.substring(indent))
        .collect(Collectors.joining("\n"))
        .strip();
  }

  @Test
  void normalise_indentedRegion_equalsTheFlushBlock() {
    assertThat(normalise("    a(\n\n        b);  \n")).isEqualTo("a(\n\n    b);");
  }

  @Test
  void readmeJavaBlocks_eachMatchACompiledRegion() throws IOException {
    List<Block> blocks = javaBlocks(Files.readString(README));
    Map<String, String> regions = regions();
    assertThat(blocks).isNotEmpty();

    List<String> unmatched = new ArrayList<>();
    TreeSet<String> used = new TreeSet<>();
    for (Block block : blocks) {
      List<String> names =
          regions.entrySet().stream()
              .filter(r -> r.getValue().equals(block.text()))
              .map(Map.Entry::getKey)
              .toList();
      if (names.isEmpty()) {
        unmatched.add("README.md:" + block.line() + " `" + block.firstLine() + "`");
      }
      used.addAll(names);
    }

    assertThat(unmatched)
        .as("README java blocks that match no readme:begin/end region of examples/src")
        .isEmpty();
    assertThat(regions.keySet())
        .as("regions marked for README that no README block shows")
        .containsExactlyInAnyOrderElementsOf(used);
  }

  @Test
  void readmeDependencySnippet_namesOnlyArtifactsTheBomPins() throws IOException {
    String readme = Files.readString(README);
    String bom = Files.readString(MODULE.getParent().resolve("bom/pom.xml"));
    String parent = Files.readString(MODULE.getParent().resolve("pom.xml"));
    Matcher xml = Pattern.compile("(?s)```xml\\n(.*?)```").matcher(readme);
    assertThat(xml.find()).as("README has an xml block").isTrue();
    String snippet = xml.group(1);

    Matcher lessor = Pattern.compile("<artifactId>(lessor-[a-z-]+)</artifactId>").matcher(snippet);
    List<String> named = new ArrayList<>();
    while (lessor.find()) {
      named.add(lessor.group(1));
    }
    assertThat(named).contains("lessor-bom", "lessor-aws", "lessor-jdbc", "lessor-testing");
    for (String artifact : named) {
      if (!artifact.equals("lessor-bom")) {
        assertThat(bom).as("lessor-bom pins %s", artifact).contains(artifactId(artifact));
      }
    }
    // The driver line names the version the store is tested with.
    Matcher sqlite = Pattern.compile("<sqlite-jdbc.version>([^<]+)<").matcher(parent);
    assertThat(sqlite.find()).isTrue();
    assertThat(snippet)
        .contains(artifactId("sqlite-jdbc") + "<version>" + sqlite.group(1) + "</version>");
  }

  private static String artifactId(String name) {
    return "<artifactId>" + name + "</artifactId>";
  }
}
