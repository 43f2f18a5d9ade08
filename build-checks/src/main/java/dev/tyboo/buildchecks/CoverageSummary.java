package dev.tyboo.buildchecks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Prints one line of test coverage per module from JaCoCo's CSV reports, at the end of {@code
 * ./mvnw verify}. The figures are for people to read; nothing is enforced.
 */
public final class CoverageSummary {

  private CoverageSummary() {}

  /**
   * Prints the summary.
   *
   * @param args the project's root directory, then the module directories to report
   * @throws IOException when a report cannot be read
   */
  public static void main(String[] args) throws IOException {
    Path root = Path.of(args[0]);
    System.out.println("[coverage] line and branch coverage by module (JaCoCo; no threshold):");
    for (String module : List.of(args).subList(1, args.length)) {
      Path csv = root.resolve(module).resolve("target/site/jacoco/jacoco.csv");
      if (!Files.exists(csv)) {
        System.out.printf("[coverage] %-24s no report (no tests ran in this module)%n", module);
        continue;
      }
      long[] totals = new long[4];
      for (String line : Files.readAllLines(csv).subList(1, Files.readAllLines(csv).size())) {
        String[] f = line.split(",");
        totals[0] += Long.parseLong(f[7]); // LINE_MISSED
        totals[1] += Long.parseLong(f[8]); // LINE_COVERED
        totals[2] += Long.parseLong(f[5]); // BRANCH_MISSED
        totals[3] += Long.parseLong(f[6]); // BRANCH_COVERED
      }
      System.out.printf(
          Locale.ROOT,
          "[coverage] %-24s lines %s, branches %s%n",
          module,
          percent(totals[1], totals[0] + totals[1]),
          percent(totals[3], totals[2] + totals[3]));
    }
  }

  private static String percent(long covered, long total) {
    return total == 0
        ? "n/a"
        : String.format(Locale.ROOT, "%5.1f%% (%d/%d)", 100.0 * covered / total, covered, total);
  }
}
