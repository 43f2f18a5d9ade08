package dev.tyboo.ai.guardrails;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the phrasings of prompt-injection and jailbreak attempts in text meant for a model: orders
 * to ignore or override earlier instructions, requests to reveal the system prompt, role-play
 * jailbreaks ("you are now DAN", "developer mode"), and role markers smuggled into user text
 * ({@code <system>}, {@code [INST]}, {@code ### System:}). Each rule is a pattern with a name; a
 * finding is the rule and where it matched. This is a heuristic: it catches the well-known
 * phrasings (in English and French) and misses paraphrases; precision and recall are measured on a
 * labelled corpus shipped with the tests. Thread-safe.
 */
public final class PromptInjectionDetector {

  /**
   * A rule that matched, and where.
   *
   * @param rule the rule's name, such as {@code ignoreInstructions}
   * @param start the index of the match's first character
   * @param end the index after its last character
   */
  public record Finding(String rule, int start, int end) {

    /** Checks the components. */
    public Finding {
      Objects.requireNonNull(rule, "rule");
    }
  }

  private static final int FLAGS =
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

  private static final Map<String, Pattern> RULES =
      Map.of(
          "ignoreInstructions",
          Pattern.compile(
              "\\b(?:ignore|disregard|forget|skip)\\s+(?:all\\s+|any\\s+|every\\s+)?(?:of\\s+)?(?:the\\s+|your\\s+|my\\s+)?"
                  + "(?:previous|prior|above|earlier|preceding|initial|original|system)\\s+"
                  + "(?:instructions?|prompts?|rules|directions|guidelines|messages?|context)",
              FLAGS),
          "ignoreInstructionsFr",
          Pattern.compile(
              "\\b(?:ignore[zr]?|oublie[zr]?)\\s+(?:toutes\\s+)?(?:les|tes|vos)\\s+"
                  + "(?:instructions|consignes|règles)\\s+(?:précédentes|initiales|ci-dessus)",
              FLAGS),
          "overrideRules",
          Pattern.compile(
              "\\b(?:override|bypass|disable|turn\\s+off)\\s+(?:all\\s+)?(?:your|the|any)\\s+"
                  + "(?:safety|content|security)?\\s*(?:rules|guidelines|filters?|restrictions|policies|guardrails)",
              FLAGS),
          "revealSystemPrompt",
          Pattern.compile(
              "\\b(?:reveal|show|print|repeat|output|tell\\s+me|display|leak)\\s+(?:me\\s+)?(?:your|the)\\s+"
                  + "(?:hidden\\s+|secret\\s+|initial\\s+|original\\s+)?(?:system\\s+prompt|system\\s+message|instructions\\s+above|prompt\\s+above)",
              FLAGS),
          "jailbreakPersona",
          Pattern.compile(
              "\\b(?:you\\s+are\\s+now|from\\s+now\\s+on\\s+you\\s+are|act\\s+as|pretend\\s+(?:to\\s+be|you\\s+are))\\s+"
                  + "(?:an?\\s+)?(?:DAN|unfiltered|uncensored|jailbroken|unrestricted|evil)\\b"
                  + "|\\bdo\\s+anything\\s+now\\b|\\bdeveloper\\s+mode\\s+(?:enabled|on)\\b",
              FLAGS),
          "roleMarker",
          Pattern.compile(
              "</?\\s*(?:system|assistant)\\s*>|\\[/?INST]|<\\|im_start\\|>|^\\s*#{2,}\\s*(?:system|assistant)\\s*:",
              FLAGS | Pattern.MULTILINE));

  private PromptInjectionDetector() {}

  /**
   * Finds injection attempts in a text.
   *
   * @param text the text
   * @return the findings, in text order
   * @throws IllegalArgumentException when the text is longer than {@link PiiDetector#MAX_LENGTH}
   */
  public static List<Finding> find(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > PiiDetector.MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a text of "
              + text.length()
              + " characters is over the "
              + PiiDetector.MAX_LENGTH
              + " scanned");
    }
    List<Finding> findings = new ArrayList<>();
    RULES.forEach(
        (rule, pattern) -> {
          Matcher m = pattern.matcher(text);
          while (m.find()) {
            findings.add(new Finding(rule, m.start(), m.end()));
          }
        });
    findings.sort(Comparator.comparingInt(Finding::start).thenComparing(Finding::rule));
    return List.copyOf(findings);
  }
}
