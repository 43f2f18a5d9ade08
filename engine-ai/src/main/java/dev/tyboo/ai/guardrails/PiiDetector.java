package dev.tyboo.ai.guardrails;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds personal data in text, offline and deterministically: each {@link PiiType} has a pattern
 * for candidates and, where the data has one, a check that rejects look-alikes (the IBAN mod-97,
 * the Luhn digit of cards, the NIR key, the ranges never issued for SSNs, octet ranges of IPv4).
 * Findings never overlap: where two kinds match the same characters, the more specific wins (email,
 * IBAN, card, SSN, NIR, NINO, IP, phone, name, in that order). Precision and recall per kind are
 * measured on a labelled corpus shipped with the tests ({@code engine-ai/README.md}).
 *
 * <p>Texts longer than {@link #MAX_LENGTH} characters are refused rather than scanned in part.
 * Thread-safe.
 */
public final class PiiDetector {

  /** The longest text scanned. */
  public static final int MAX_LENGTH = 1_000_000;

  private static final Pattern EMAIL =
      Pattern.compile(
          "(?<![\\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,8}[A-Za-z]{2,24}(?![\\w-])");
  private static final Pattern IBAN =
      Pattern.compile("(?<![A-Za-z0-9])[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])");
  private static final Pattern CARD =
      Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])");
  private static final Pattern SSN =
      Pattern.compile("(?<![\\d-])(\\d{3})-(\\d{2})-(\\d{4})(?![\\d-])");
  private static final Pattern NIR =
      Pattern.compile(
          "(?<![\\dA-Za-z])([12]) ?(\\d{2}) ?(0[1-9]|1[0-2]|[2-9]\\d) ?(\\d{2}|2[AB]) ?(\\d{3}) ?(\\d{3}) ?(\\d{2})(?![\\dA-Za-z])");
  private static final Pattern NINO =
      Pattern.compile(
          "(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\\d{2}) ?(\\d{2}) ?(\\d{2}) ?([A-D])(?![A-Za-z0-9])");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(?<![\\d.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?!\\d|\\.\\d)"); // a full
  // stop may
  // end it
  private static final Pattern IPV6 =
      Pattern.compile(
          "(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])");
  private static final Pattern PHONE_INTERNATIONAL =
      Pattern.compile("(?<![\\w+])\\+\\d{1,3}(?:[ .-]?\\(?\\d{1,4}\\)?){2,6}(?![\\w])");
  private static final Pattern PHONE_NATIONAL =
      Pattern.compile(
          "(?<![\\w+])(?:\\(\\d{3}\\) ?\\d{3}[ .-]\\d{4}|\\d{3}[.-]\\d{3}[.-]\\d{4}|0\\d(?:[ .-]\\d{2}){4})(?![\\w])");
  private static final Pattern NAME_AFTER_TITLE =
      Pattern.compile(
          "\\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Mme|Mlle)\\.?\\s+|\\bM\\.\\s+",
          Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern NAME_AFTER_PHRASE =
      Pattern.compile(
          "(?i:\\bmy name is|\\bi am|\\bi'm|\\bje m'appelle|\\bje suis)\\s+",
          Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern CAPITALISED_WORDS =
      Pattern.compile("\\p{Lu}[\\p{Ll}'-]+(?:\\s+\\p{Lu}[\\p{Ll}'-]+){0,2}");
  private static final Set<String> NINO_PREFIXES_NOT_ISSUED =
      Set.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ");

  /** ISO 13616 IBAN lengths by country (the registry's countries in common use). */
  private static final Map<String, Integer> IBAN_LENGTHS =
      Map.ofEntries(
          Map.entry("AD", 24),
          Map.entry("AE", 23),
          Map.entry("AL", 28),
          Map.entry("AT", 20),
          Map.entry("AZ", 28),
          Map.entry("BA", 20),
          Map.entry("BE", 16),
          Map.entry("BG", 22),
          Map.entry("BH", 22),
          Map.entry("BR", 29),
          Map.entry("CH", 21),
          Map.entry("CR", 22),
          Map.entry("CY", 28),
          Map.entry("CZ", 24),
          Map.entry("DE", 22),
          Map.entry("DK", 18),
          Map.entry("DO", 28),
          Map.entry("EE", 20),
          Map.entry("EG", 29),
          Map.entry("ES", 24),
          Map.entry("FI", 18),
          Map.entry("FO", 18),
          Map.entry("FR", 27),
          Map.entry("GB", 22),
          Map.entry("GE", 22),
          Map.entry("GI", 23),
          Map.entry("GL", 18),
          Map.entry("GR", 27),
          Map.entry("GT", 28),
          Map.entry("HR", 21),
          Map.entry("HU", 28),
          Map.entry("IE", 22),
          Map.entry("IL", 23),
          Map.entry("IQ", 23),
          Map.entry("IS", 26),
          Map.entry("IT", 27),
          Map.entry("JO", 30),
          Map.entry("KW", 30),
          Map.entry("KZ", 20),
          Map.entry("LB", 28),
          Map.entry("LC", 32),
          Map.entry("LI", 21),
          Map.entry("LT", 20),
          Map.entry("LU", 20),
          Map.entry("LV", 21),
          Map.entry("MC", 27),
          Map.entry("MD", 24),
          Map.entry("ME", 22),
          Map.entry("MK", 19),
          Map.entry("MR", 27),
          Map.entry("MT", 31),
          Map.entry("MU", 30),
          Map.entry("NL", 18),
          Map.entry("NO", 15),
          Map.entry("PK", 24),
          Map.entry("PL", 28),
          Map.entry("PS", 29),
          Map.entry("PT", 25),
          Map.entry("QA", 29),
          Map.entry("RO", 24),
          Map.entry("RS", 22),
          Map.entry("SA", 24),
          Map.entry("SC", 31),
          Map.entry("SE", 24),
          Map.entry("SI", 19),
          Map.entry("SK", 24),
          Map.entry("SM", 27),
          Map.entry("TN", 24),
          Map.entry("TR", 26),
          Map.entry("UA", 29),
          Map.entry("VA", 22),
          Map.entry("VG", 24),
          Map.entry("XK", 20));

  private final Set<PiiType> types;

  private PiiDetector(Set<PiiType> types) {
    this.types = types.isEmpty() ? EnumSet.noneOf(PiiType.class) : EnumSet.copyOf(types);
  }

  /** {@return a detector of every kind} */
  public static PiiDetector all() {
    return new PiiDetector(EnumSet.allOf(PiiType.class));
  }

  /**
   * {@return a detector of some kinds}
   *
   * @param types the kinds to find
   */
  public static PiiDetector of(Set<PiiType> types) {
    return new PiiDetector(Objects.requireNonNull(types, "types"));
  }

  /**
   * Finds the personal data in a text.
   *
   * @param text the text
   * @return the findings, in text order, none overlapping
   * @throws IllegalArgumentException when the text is longer than {@link #MAX_LENGTH}
   */
  public List<PiiFinding> find(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          "a text of " + text.length() + " characters is over the " + MAX_LENGTH + " scanned");
    }
    List<PiiFinding> candidates = new ArrayList<>();
    add(candidates, PiiType.EMAIL, EMAIL, text, m -> true);
    add(candidates, PiiType.IBAN, IBAN, text, m -> validIban(m.group()));
    add(candidates, PiiType.CREDIT_CARD, CARD, text, m -> validCard(digits(m.group())));
    add(candidates, PiiType.US_SSN, SSN, text, PiiDetector::validSsn);
    add(candidates, PiiType.FR_NIR, NIR, text, PiiDetector::validNir);
    add(
        candidates,
        PiiType.UK_NINO,
        NINO,
        text,
        m -> !NINO_PREFIXES_NOT_ISSUED.contains(m.group(1)));
    add(candidates, PiiType.IP_ADDRESS, IPV4, text, PiiDetector::validIpv4);
    add(candidates, PiiType.IP_ADDRESS, IPV6, text, m -> validIpv6(m.group()));
    add(
        candidates,
        PiiType.PHONE,
        PHONE_INTERNATIONAL,
        text,
        m -> digits(m.group()).length() >= 8 && digits(m.group()).length() <= 15);
    add(candidates, PiiType.PHONE, PHONE_NATIONAL, text, m -> true);
    names(candidates, NAME_AFTER_TITLE, text);
    names(candidates, NAME_AFTER_PHRASE, text);
    List<PiiFinding> accepted = new ArrayList<>();
    for (PiiFinding c : candidates) { // already in priority order
      if (accepted.stream().noneMatch(c::overlaps)) {
        accepted.add(c);
      }
    }
    accepted.sort(Comparator.comparingInt(PiiFinding::start));
    return List.copyOf(accepted);
  }

  /**
   * {@return the text with each finding replaced by its kind in brackets, e.g. {@code [EMAIL]}}
   *
   * @param text the text
   * @param findings its findings, from {@link #find}
   */
  public static String redact(String text, List<PiiFinding> findings) {
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (PiiFinding f : findings) {
      out.append(text, at, f.start()).append('[').append(f.type().name()).append(']');
      at = f.end();
    }
    return out.append(text, at, text.length()).toString();
  }

  @FunctionalInterface
  private interface Check {
    boolean valid(Matcher m);
  }

  private void add(List<PiiFinding> out, PiiType type, Pattern pattern, String text, Check check) {
    if (!types.contains(type)) {
      return; // a kind not asked for is not scanned
    }
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      if (check.valid(m)) {
        out.add(new PiiFinding(type, m.start(), m.end()));
      }
    }
  }

  private void names(List<PiiFinding> out, Pattern lead, String text) {
    if (!types.contains(PiiType.PERSON_NAME)) {
      return;
    }
    Matcher m = lead.matcher(text);
    Matcher name = CAPITALISED_WORDS.matcher(text);
    while (m.find()) {
      name.region(m.end(), text.length());
      if (name.lookingAt()) {
        out.add(new PiiFinding(PiiType.PERSON_NAME, name.start(), name.end()));
      }
    }
  }

  private static String digits(String s) {
    StringBuilder d = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      if (Character.isDigit(s.charAt(i))) {
        d.append(s.charAt(i));
      }
    }
    return d.toString();
  }

  /** ISO 13616: the country's length, then the number mod 97 is 1. */
  static boolean validIban(String candidate) {
    String iban = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
    Integer length = IBAN_LENGTHS.get(iban.substring(0, 2));
    if (length == null || iban.length() != length) {
      return false;
    }
    String rearranged = iban.substring(4) + iban.substring(0, 4);
    StringBuilder numeric = new StringBuilder();
    for (char c : rearranged.toCharArray()) {
      numeric.append(Character.isDigit(c) ? String.valueOf(c) : String.valueOf(c - 'A' + 10));
    }
    return new BigInteger(numeric.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  /** The Luhn check and an issuer's prefix and length. */
  static boolean validCard(String digits) {
    int n = digits.length();
    if (n < 13 || n > 19) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < n; i++) {
      int d = digits.charAt(n - 1 - i) - '0';
      if (i % 2 == 1) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
    }
    if (sum % 10 != 0) {
      return false;
    }
    int two = Integer.parseInt(digits.substring(0, 2));
    int four = Integer.parseInt(digits.substring(0, 4));
    int three = Integer.parseInt(digits.substring(0, 3));
    return (digits.charAt(0) == '4' && (n == 13 || n == 16 || n == 19)) // Visa
        || (((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) && n == 16) // Mastercard
        || ((two == 34 || two == 37) && n == 15) // American Express
        || ((four == 6011 || two == 65 || (three >= 644 && three <= 649)) && n >= 16) // Discover
        || (two == 35 && n >= 16) // JCB
        || (((three >= 300 && three <= 305) || two == 36 || two == 38) && n == 14) // Diners
        || (two == 62 && n >= 16); // UnionPay
  }

  private static boolean validSsn(Matcher m) {
    int area = Integer.parseInt(m.group(1));
    return area != 0
        && area != 666
        && area < 900
        && !m.group(2).equals("00")
        && !m.group(3).equals("0000");
  }

  /** The key is 97 minus the 13-digit number mod 97 (Corsica's 2A and 2B read as 19 and 18). */
  private static boolean validNir(Matcher m) {
    String department =
        m.group(4).equals("2A") ? "19" : m.group(4).equals("2B") ? "18" : m.group(4);
    String number = m.group(1) + m.group(2) + m.group(3) + department + m.group(5) + m.group(6);
    long key = 97 - Long.parseLong(number) % 97;
    return key == Long.parseLong(m.group(7));
  }

  private static boolean validIpv4(Matcher m) {
    for (int g = 1; g <= 4; g++) {
      if (Integer.parseInt(m.group(g)) > 255) {
        return false;
      }
    }
    return true;
  }

  /** At most one {@code ::}, at most eight groups, and a full eight without it. */
  static boolean validIpv6(String s) {
    int doubleColon = s.indexOf("::");
    if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String[] groups = s.split(":", -1);
    int nonEmpty = 0;
    for (String g : groups) {
      if (!g.isEmpty()) {
        nonEmpty++;
      }
    }
    if (doubleColon < 0) {
      return groups.length == 8 && nonEmpty == 8;
    }
    return nonEmpty >= 1 && nonEmpty <= 7 && s.matches(".*[0-9A-Fa-f].*");
  }
}
