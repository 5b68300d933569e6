package dev.lessor.bench;

import java.util.ArrayList;
import java.util.List;

/** Prints figures as one Markdown table, so README can quote a run as is. Not thread-safe. */
final class FigureTable {
  private static final List<String> HEADER =
      List.of("figure", "value", "baseline", "ratio", "target", "pass/fail");

  private final List<Figure> rows = new ArrayList<>();

  void add(Figure figure) {
    rows.add(figure);
  }

  List<Figure> rows() {
    return List.copyOf(rows);
  }

  String render() {
    List<List<String>> cells = new ArrayList<>();
    cells.add(HEADER);
    for (Figure f : rows) {
      cells.add(List.of(f.name(), f.value(), f.baseline(), f.ratio(), f.target(), f.verdict()));
    }
    int[] widths = new int[HEADER.size()];
    for (List<String> row : cells) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    appendRow(out, cells.get(0), widths);
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    appendRow(out, rule, widths);
    for (List<String> row : cells.subList(1, cells.size())) {
      appendRow(out, row, widths);
    }
    return out.toString();
  }

  private static void appendRow(StringBuilder out, List<String> row, int[] widths) {
    out.append('|');
    for (int i = 0; i < widths.length; i++) {
      String cell = row.get(i);
      out.append(' ').append(cell).append(" ".repeat(widths[i] - cell.length())).append(" |");
    }
    out.append('\n');
  }
}
