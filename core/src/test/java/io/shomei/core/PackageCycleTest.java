package io.shomei.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The package structure of core, read from its sources the way jjwt checks that its API imports no
 * implementation: no cycle between any two packages (an API package and its implementation
 * included), {@code internal} packages are leaves below the API, and the SPI never reads core.
 *
 * <p>A dependency is any reference in code, comments and string literals removed: a single-type,
 * on-demand or static import, or a fully qualified name ({@code io.shomei.core.x.Type}). A cycle is
 * a strongly connected component of that graph with more than one package; the failure message
 * lists each one as the cycles through its edges, every edge with the files that make it.
 */
class PackageCycleTest {

  /**
   * Cycles that still exist and are being removed, each one strongly connected component, exactly.
   * The test fails when a component appears that is not listed, and when a listed one is gone (or
   * has grown or shrunk): remove the entry in the commit that removes the cycle, so this list only
   * shrinks and cannot outlive what it excuses. Empty is the goal (issue 17, item 3).
   */
  private static final List<Set<String>> KNOWN_CYCLES = List.of();

  private static final String CORE = "io.shomei.core";

  /** A fully qualified type reference: lower-case package segments, then a type name. */
  private static final Pattern QUALIFIED =
      Pattern.compile("\\b(io\\.shomei(?:\\s*\\.\\s*[a-z_][A-Za-z0-9_]*)*)\\s*\\.\\s*[A-Z]");

  /** An on-demand import of a package ({@code import io.shomei.x.*;}). */
  private static final Pattern ON_DEMAND =
      Pattern.compile("\\bimport\\s+(io\\.shomei(?:\\s*\\.\\s*[a-z_][A-Za-z0-9_]*)*)\\s*\\.\\s*\\*");

  private static final Pattern PACKAGE = Pattern.compile("\\bpackage\\s+([\\w.]+)\\s*;");

  private static final Pattern EXPORT = Pattern.compile("(?m)^\\s*exports\\s+([\\w.]+)\\s*;");

  @Test
  void corePackagesFormNoCyclesAndInternalPackagesAreLeaves() throws IOException {
    Path root = projectRoot();
    Graph graph = Graph.of(root.resolve("core/src/main/java"));
    Set<String> exported = exports(root.resolve("core/src/main/java/module-info.java"));

    // a scan that finds nothing would pass every rule below: the root package wires every
    // building block, so these edges must be seen
    assertThat(graph.packages()).contains(CORE, CORE + ".password", CORE + ".audit");
    assertThat(graph.targets(CORE)).contains(CORE + ".password", CORE + ".audit");

    List<Set<String>> components = graph.cycles();
    List<String> problems = new ArrayList<>();
    for (Set<String> c : components) {
      if (!KNOWN_CYCLES.contains(c)) {
        problems.add("new cycle between " + new TreeSet<>(c) + ":\n" + graph.describe(c));
      }
    }
    for (Set<String> known : KNOWN_CYCLES) {
      if (!components.contains(known)) {
        problems.add("KNOWN_CYCLES lists " + new TreeSet<>(known)
            + ", which is no longer a cycle as listed: remove (or correct) the entry");
      }
    }
    for (String from : graph.packages()) {
      if (!isInternal(from)) {
        continue;
      }
      for (String to : graph.targets(from)) {
        boolean excused = KNOWN_CYCLES.stream().anyMatch(k -> k.contains(from) && k.contains(to));
        if (exported.contains(to) && !excused) {
          problems.add("internal package " + from + " depends on API package " + to + " ("
              + String.join(", ", graph.files(from, to)) + "): internal packages are leaves"
              + " below the API; move the class beside its API, package-private");
        }
      }
    }
    if (!problems.isEmpty()) {
      fail(problems.size() + " package structure problem(s) in core:\n\n"
          + String.join("\n\n", problems));
    }
  }

  @Test
  void theSpiNeverReadsCore() throws IOException {
    Path root = projectRoot();
    Graph spi = Graph.of(root.resolve("spi/src/main/java"));
    assertThat(spi.packages()).isNotEmpty();
    Map<String, Set<String>> intoCore = new TreeMap<>();
    for (String from : spi.packages()) {
      for (String to : spi.targets(from)) {
        if (to.equals(CORE) || to.startsWith(CORE + ".")) {
          intoCore.computeIfAbsent(from + " -> " + to, k -> new TreeSet<>())
              .addAll(spi.files(from, to));
        }
      }
    }
    assertThat(intoCore).as("the SPI must depend on the JDK only, never on core").isEmpty();
  }

  private static boolean isInternal(String pkg) {
    return pkg.equals(CORE + ".internal") || pkg.startsWith(CORE + ".internal.");
  }

  private static Set<String> exports(Path moduleInfo) throws IOException {
    Set<String> out = new TreeSet<>();
    Matcher m = EXPORT.matcher(codeOnly(Files.readString(moduleInfo, StandardCharsets.UTF_8)));
    while (m.find()) {
      out.add(m.group(1));
    }
    assertThat(out).as("exports of " + moduleInfo).contains(CORE);
    return out;
  }

  /**
   * The package dependencies among the packages declared under one source root; references to
   * packages declared elsewhere (the SPI, the JDK) are kept as edges but are not nodes.
   */
  private static final class Graph {
    /** from package, to package, the files (relative to the source root) that make the edge. */
    private final Map<String, Map<String, Set<String>>> edges = new TreeMap<>();

    static Graph of(Path sourceRoot) throws IOException {
      Graph g = new Graph();
      List<Path> files;
      try (Stream<Path> walk = Files.walk(sourceRoot)) {
        files = walk.filter(p -> p.toString().endsWith(".java"))
            .filter(p -> !p.endsWith("module-info.java"))
            .sorted()
            .collect(Collectors.toList());
      }
      for (Path file : files) {
        String code = codeOnly(Files.readString(file, StandardCharsets.UTF_8));
        Matcher pm = PACKAGE.matcher(code);
        assertThat(pm.find()).as("package declaration of " + file).isTrue();
        String from = pm.group(1);
        Map<String, Set<String>> out = g.edges.computeIfAbsent(from, k -> new TreeMap<>());
        String name = sourceRoot.relativize(file).toString().replace('\\', '/');
        for (Pattern p : List.of(QUALIFIED, ON_DEMAND)) {
          Matcher m = p.matcher(code);
          while (m.find()) {
            String to = m.group(1).replaceAll("\\s", "");
            if (!to.equals(from)) {
              out.computeIfAbsent(to, k -> new TreeSet<>()).add(name);
            }
          }
        }
      }
      return g;
    }

    Set<String> packages() {
      return edges.keySet();
    }

    /** The packages of this root that {@code from} refers to, and those outside it. */
    Set<String> targets(String from) {
      return edges.getOrDefault(from, Map.of()).keySet();
    }

    Set<String> files(String from, String to) {
      return edges.getOrDefault(from, Map.of()).getOrDefault(to, Set.of());
    }

    /** The packages of this source root that {@code from} refers to: the graph's own edges. */
    private List<String> localTargets(String from) {
      return targets(from).stream().filter(edges::containsKey).collect(Collectors.toList());
    }

    /** The strongly connected components with more than one package (Tarjan). */
    List<Set<String>> cycles() {
      Tarjan t = new Tarjan();
      for (String p : packages()) {
        if (!t.index.containsKey(p)) {
          t.visit(p);
        }
      }
      return t.components.stream().filter(c -> c.size() > 1).collect(Collectors.toList());
    }

    /**
     * One line per elementary cycle through each edge of the component (the edge, then the
     * shortest way back), each hop with the files that make it.
     */
    String describe(Set<String> component) {
      Set<List<String>> cycles = new LinkedHashSet<>();
      for (String from : new TreeSet<>(component)) {
        for (String to : localTargets(from)) {
          if (component.contains(to)) {
            List<String> cycle = new ArrayList<>();
            cycle.add(from);
            cycle.addAll(shortestPath(to, from, component));
            cycles.add(rotateToSmallest(cycle));
          }
        }
      }
      StringBuilder b = new StringBuilder();
      for (List<String> cycle : cycles) {
        b.append("  ").append(String.join(" -> ", cycle)).append(" -> ").append(cycle.get(0));
        for (int i = 0; i < cycle.size(); i++) {
          String a = cycle.get(i);
          String z = cycle.get((i + 1) % cycle.size());
          b.append("\n      ").append(a).append(" -> ").append(z).append(": ")
              .append(String.join(", ", files(a, z)));
        }
        b.append('\n');
      }
      return b.toString().stripTrailing();
    }

    /** Breadth first inside the component; the path starts at {@code start}, excludes {@code end}. */
    private List<String> shortestPath(String start, String end, Set<String> component) {
      Map<String, @Nullable String> parent = new HashMap<>();
      Deque<String> queue = new ArrayDeque<>();
      parent.put(start, null);
      queue.add(start);
      while (!queue.isEmpty()) {
        String p = queue.remove();
        if (p.equals(end)) {
          break;
        }
        for (String q : localTargets(p)) {
          if (component.contains(q) && !parent.containsKey(q)) {
            parent.put(q, p);
            queue.add(q);
          }
        }
      }
      List<String> path = new ArrayList<>();
      for (String p = parent.get(end); p != null; p = parent.get(p)) {
        path.add(0, p);
      }
      return path;
    }

    private static List<String> rotateToSmallest(List<String> cycle) {
      int first = cycle.indexOf(new TreeSet<>(cycle).first());
      List<String> out = new ArrayList<>(cycle.subList(first, cycle.size()));
      out.addAll(cycle.subList(0, first));
      return out;
    }

    private final class Tarjan {
      final Map<String, Integer> index = new HashMap<>();
      final Map<String, Integer> low = new HashMap<>();
      final Deque<String> stack = new ArrayDeque<>();
      final Set<String> onStack = new HashSet<>();
      final List<Set<String>> components = new ArrayList<>();

      void visit(String v) {
        int i = index.size();
        index.put(v, i);
        low.put(v, i);
        stack.push(v);
        onStack.add(v);
        for (String w : localTargets(v)) {
          if (!index.containsKey(w)) {
            visit(w);
            low.put(v, Math.min(low.getOrDefault(v, i), low.getOrDefault(w, i)));
          } else if (onStack.contains(w)) {
            low.put(v, Math.min(low.getOrDefault(v, i), index.getOrDefault(w, i)));
          }
        }
        if (low.getOrDefault(v, i) == i) {
          Set<String> c = new TreeSet<>();
          String w;
          do {
            w = stack.pop();
            onStack.remove(w);
            c.add(w);
          } while (!w.equals(v));
          components.add(c);
        }
      }
    }
  }

  /**
   * The source with comments and string, text-block and character literals blanked out, so that a
   * package name in Javadoc or in a resource path is not taken for a dependency.
   */
  private static String codeOnly(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        while (i < n && source.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (source.startsWith("\"\"\"", i)) {
        int j = i + 3;
        while (j < n && !source.startsWith("\"\"\"", j)) {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        i = Math.min(n, j + 3);
        out.append("\"\"");
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        i = Math.min(n, j + 1);
        out.append(c).append(c);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static Path projectRoot() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("core/src/main/java"))
          && Files.isDirectory(dir.resolve("spi/src/main/java"))) {
        return dir;
      }
    }
    throw new AssertionError("no project root with core/ and spi/ above " + start);
  }
}
