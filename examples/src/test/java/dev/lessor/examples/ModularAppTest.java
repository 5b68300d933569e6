package dev.lessor.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleDescriptor.Exports;
import java.lang.module.ModuleFinder;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lessor's jars on the module path, as an application that has a module-info.java of its own uses
 * them (the other tests run on the class path, where module descriptors are ignored). The
 * application in src/test/modular is compiled against the jars this build made, then run in a
 * {@link ModuleLayer} of them and their dependencies.
 */
class ModularAppTest {
  private static final Path APP_SOURCES = Path.of("src/test/modular/dev.lessor.modularapp");
  private static final String APP = "dev.lessor.modularapp";

  @TempDir static Path work;

  private static List<Path> modulePath;
  private static ModuleLayer layer;

  /**
   * Lessor's modules and their dependencies, from this test's class path: every jar, and every
   * class directory that has a module descriptor (in a reactor build without packaging, Lessor's
   * modules are their target/classes). This module's own classes have none and stay out.
   */
  private static List<Path> modulePath() {
    return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
        .map(Path::of)
        .filter(
            p ->
                p.toString().endsWith(".jar")
                    || Files.isRegularFile(p.resolve("module-info.class")))
        .toList();
  }

  private static List<String> compile(Path sources, Path out) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null);
        Stream<Path> walk = Files.walk(sources)) {
      List<File> java = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).toList();
      String path = modulePath.stream().map(Path::toString).collect(Collectors.joining(":"));
      // An empty class path: javac would otherwise take this test's, where Lessor's classes are
      // too.
      Path noClassPath = Files.createDirectories(work.resolve("empty"));
      List<String> options =
          List.of(
              "--release",
              "17",
              "--module-path",
              path,
              "--class-path",
              noClassPath.toString(),
              "-d",
              out.toString());
      boolean ok =
          javac
              .getTask(
                  null, files, diagnostics, options, null, files.getJavaFileObjectsFromFiles(java))
              .call();
      List<String> errors = new ArrayList<>();
      diagnostics.getDiagnostics().forEach(d -> errors.add(d.getMessage(null)));
      if (ok) {
        return List.of();
      }
      return errors.isEmpty() ? List.of("compilation failed") : errors;
    }
  }

  @BeforeAll
  static void compileAndResolve() throws IOException {
    modulePath = modulePath();
    Path classes = work.resolve("app");
    assertThat(compile(APP_SOURCES, classes)).isEmpty();

    List<Path> paths = new ArrayList<>(modulePath);
    paths.add(classes);
    // resolveAndBind, as `java --module-path ... -m app/...` does: the SQLite driver is bound as a
    // java.sql.Driver service, and slf4j-simple as SLF4J's provider, without the app naming them.
    Configuration config =
        ModuleLayer.boot()
            .configuration()
            .resolveAndBind(
                ModuleFinder.of(paths.toArray(Path[]::new)), ModuleFinder.of(), Set.of(APP));
    layer =
        ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getPlatformClassLoader());
  }

  private static Module module(String name) {
    return layer.findModule(name).orElseThrow(() -> new AssertionError(name + " not resolved"));
  }

  @Test
  void lessorJars_onTheModulePath_areExplicitModulesWithTheirNames() {
    for (String name :
        List.of(
            "dev.lessor.core",
            "dev.lessor.aws",
            "dev.lessor.jdbc",
            "dev.lessor.testing",
            "dev.lessor.micrometer")) {
      ModuleDescriptor descriptor = module(name).getDescriptor();
      assertThat(descriptor.isAutomatic()).as(name + " is automatic").isFalse();
      assertThat(descriptor.name()).isEqualTo(name);
    }
  }

  @Test
  void core_exports_apiAndSpiToAllAndInternalOnlyToLessorModules() {
    Module core = module("dev.lessor.core");
    Map<String, Set<String>> exports =
        core.getDescriptor().exports().stream()
            .collect(Collectors.toMap(Exports::source, Exports::targets));

    assertThat(exports)
        .containsOnlyKeys(
            "dev.lessor", "dev.lessor.engine", "dev.lessor.store", "dev.lessor.internal");
    assertThat(exports.get("dev.lessor")).isEmpty(); // unqualified
    assertThat(exports.get("dev.lessor.engine")).isEmpty();
    assertThat(exports.get("dev.lessor.store")).isEmpty();
    assertThat(exports.get("dev.lessor.internal")).containsExactly("dev.lessor.aws");
    assertThat(core.isExported("dev.lessor.internal", module(APP))).isFalse();
    assertThat(core.isExported("dev.lessor.internal", module("dev.lessor.aws"))).isTrue();
    assertThat(core.isExported("dev.lessor.store", module(APP))).isTrue();
  }

  @Test
  void appImportingInternal_compiledAgainstTheModules_isRefused() throws IOException {
    Path sources = work.resolve("intruder-src");
    Files.createDirectories(sources.resolve("dev/lessor/modularapp"));
    Files.copy(APP_SOURCES.resolve("module-info.java"), sources.resolve("module-info.java"));
    Files.writeString(
        sources.resolve("dev/lessor/modularapp/Intruder.java"),
        """
        package dev.lessor.modularapp;

        public class Intruder {
          public static java.time.Duration parse() {
            return dev.lessor.internal.Durations.parse("ttl", "1h");
          }
        }
        """);

    assertThat(compile(sources, work.resolve("intruder")))
        .anySatisfy(
            error ->
                assertThat(error)
                    .contains("package dev.lessor.internal is declared in module dev.lessor.core")
                    .contains("does not export it to module dev.lessor.modularapp"));
  }

  @Test
  void app_inTheModuleLayer_issuesAndRevokesThroughEveryModule() throws Exception {
    ClassLoader loader = layer.findLoader(APP);
    Method run = loader.loadClass(APP + ".ModularApp").getMethod("run", Path.class);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader); // as the application's own main thread would have it
    Map<?, ?> seen;
    try {
      seen = (Map<?, ?>) run.invoke(null, work.resolve("store"));
    } finally {
      thread.setContextClassLoader(previous);
    }

    assertThat(seen.get("module")).isEqualTo(APP);
    assertThat((String) seen.get("fake.lease")).startsWith("db/creds/app/");
    assertThat(seen.get("fake.liveBeforeExpiry")).isEqualTo("true");
    assertThat(seen.get("fake.liveAfterExpiry")).isEqualTo("false");
    assertThat((String) seen.get("aws.accessKey")).startsWith("AKIA");
    assertThat(seen.get("aws.usersAfterMint")).isEqualTo("1");
    assertThat(seen.get("jdbc.leases")).isEqualTo("1");
    assertThat(seen.get("aws.usersAfterRevoke")).isEqualTo("0");
    assertThat(seen.get("metrics.issued")).isEqualTo("1.0");
    assertThat(Files.exists(work.resolve("store/lessor.db"))).isTrue();
  }
}
