package dev.tyboo.ai.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of each PII detector on a labelled corpus ({@code
 * guardrails/pii-corpus.txt}: personal data marked {@code [[TYPE|value]]}, look-alikes left
 * unmarked). A finding counts when its kind and exact span match a label. The measured table is
 * written to {@code target/pii-corpus-report.md} (and copied into engine-ai's README); the
 * assertions hold each detector to what it measured, so a change that loses accuracy fails.
 */
class PiiCorpusTest {

  private static final Pattern LABEL = Pattern.compile("\\[\\[([A-Z_]+)\\|([^\\]]+)]]");

  /** A text of the corpus and its labelled spans. */
  private record Sample(String text, Set<PiiFinding> gold) {}

  private static List<Sample> corpus() throws IOException {
    List<Sample> samples = new ArrayList<>();
    try (InputStream in = PiiCorpusTest.class.getResourceAsStream("/guardrails/pii-corpus.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        StringBuilder text = new StringBuilder();
        Set<PiiFinding> gold = new HashSet<>();
        Matcher m = LABEL.matcher(line);
        int at = 0;
        while (m.find()) {
          text.append(line, at, m.start());
          int start = text.length();
          text.append(m.group(2));
          gold.add(new PiiFinding(PiiType.valueOf(m.group(1)), start, text.length()));
          at = m.end();
        }
        text.append(line.substring(at));
        samples.add(new Sample(text.toString(), gold));
      }
    }
    return samples;
  }

  @Test
  void each_detector_is_as_precise_and_complete_as_measured() throws Exception {
    Map<PiiType, int[]> counts = new EnumMap<>(PiiType.class); // true pos, false pos, false neg
    for (PiiType t : PiiType.values()) {
      counts.put(t, new int[3]);
    }
    List<String> misses = new ArrayList<>();
    for (Sample s : corpus()) {
      Set<PiiFinding> found = new HashSet<>(PiiDetector.all().find(s.text()));
      for (PiiFinding f : found) {
        counts.get(f.type())[s.gold().contains(f) ? 0 : 1]++;
        if (!s.gold().contains(f)) {
          misses.add("false " + f.type() + " '" + s.text().substring(f.start(), f.end()) + "'");
        }
      }
      for (PiiFinding g : s.gold()) {
        if (!found.contains(g)) {
          counts.get(g.type())[2]++;
          misses.add("missed " + g.type() + " '" + s.text().substring(g.start(), g.end()) + "'");
        }
      }
    }
    StringBuilder report =
        new StringBuilder("| kind | labelled | found right | found wrong | precision | recall |\n");
    report.append("|---|---|---|---|---|---|\n");
    for (PiiType t : PiiType.values()) {
      int[] c = counts.get(t);
      report.append(
          String.format(
              Locale.ROOT,
              "| `%s` | %d | %d | %d | %.2f | %.2f |%n",
              t,
              c[0] + c[2],
              c[0],
              c[1],
              precision(c),
              recall(c)));
    }
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/pii-corpus-report.md"), report);
    System.out.println(report + String.join("\n", misses));

    for (PiiType t : PiiType.values()) {
      int[] c = counts.get(t);
      assertThat(c[0] + c[2]).as("%s has labelled examples", t).isPositive();
      if (t == PiiType.PERSON_NAME) {
        // a heuristic: names after a title or a phrase only
        assertThat(precision(c)).as("%s precision", t).isGreaterThanOrEqualTo(0.9);
        assertThat(recall(c)).as("%s recall", t).isGreaterThanOrEqualTo(0.75);
      } else {
        assertThat(precision(c)).as("%s precision; %s", t, misses).isEqualTo(1.0);
        assertThat(recall(c)).as("%s recall; %s", t, misses).isEqualTo(1.0);
      }
    }
  }

  private static double precision(int[] c) {
    return c[0] + c[1] == 0 ? 1.0 : (double) c[0] / (c[0] + c[1]);
  }

  private static double recall(int[] c) {
    return c[0] + c[2] == 0 ? 1.0 : (double) c[0] / (c[0] + c[2]);
  }
}
