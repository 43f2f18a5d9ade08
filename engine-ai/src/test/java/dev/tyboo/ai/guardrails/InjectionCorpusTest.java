package dev.tyboo.ai.guardrails;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * Precision and recall of the prompt-injection heuristics on a labelled corpus ({@code
 * guardrails/injection-corpus.txt}): attempts, and benign texts using the same words. Written to
 * {@code target/injection-corpus-report.md}; held to the measured figures.
 */
class InjectionCorpusTest {

  @Test
  void the_heuristics_flag_attempts_and_leave_look_alikes() throws Exception {
    int truePositive = 0;
    int falsePositive = 0;
    int falseNegative = 0;
    int attempts = 0;
    int benign = 0;
    List<String> wrong = new ArrayList<>();
    try (InputStream in =
        InjectionCorpusTest.class.getResourceAsStream("/guardrails/injection-corpus.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        boolean attempt = line.startsWith("+ ");
        String text = line.substring(2);
        boolean flagged = !PromptInjectionDetector.find(text).isEmpty();
        if (attempt) {
          attempts++;
          if (flagged) {
            truePositive++;
          } else {
            falseNegative++;
            wrong.add("missed: " + text);
          }
        } else {
          benign++;
          if (flagged) {
            falsePositive++;
            wrong.add("flagged: " + text + " " + PromptInjectionDetector.find(text));
          }
        }
      }
    }
    double precision = (double) truePositive / Math.max(1, truePositive + falsePositive);
    double recall = (double) truePositive / Math.max(1, attempts);
    String report =
        String.format(
            Locale.ROOT,
            "| attempts | benign look-alikes | flagged right | flagged wrong | precision | recall |%n"
                + "|---|---|---|---|---|---|%n| %d | %d | %d | %d | %.2f | %.2f |%n",
            attempts,
            benign,
            truePositive,
            falsePositive,
            precision,
            recall);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/injection-corpus-report.md"), report);
    System.out.println(report + String.join("\n", wrong));
    assertThat(attempts).isGreaterThanOrEqualTo(20);
    assertThat(benign).isGreaterThanOrEqualTo(15);
    assertThat(precision).as("%s", wrong).isEqualTo(1.0);
    assertThat(recall).as("%s", wrong).isEqualTo(1.0);
  }
}
