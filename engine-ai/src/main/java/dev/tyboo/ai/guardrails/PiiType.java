package dev.tyboo.ai.guardrails;

/** The kinds of personal data a {@link PiiDetector} finds, each with how it is recognised. */
public enum PiiType {
  /** An email address: a dot-atom local part, {@code @}, a domain with a letter TLD. */
  EMAIL,
  /**
   * A phone number: {@code +} and 8 to 15 digits (E.164, spaces, dots, dashes and a bracketed area
   * code allowed), or a national number of 10 digits written in groups; not a card or an IBAN.
   */
  PHONE,
  /** An IBAN: a country's length (ISO 13616 registry) and the mod-97 check. */
  IBAN,
  /** A payment card number: 13 to 19 digits, a known issuer prefix, and the Luhn check. */
  CREDIT_CARD,
  /** An IPv4 address (each octet 0-255) or an IPv6 address (parsed). */
  IP_ADDRESS,
  /** A US Social Security number: {@code AAA-GG-SSSS}, without the never-issued areas or zeros. */
  US_SSN,
  /** A UK National Insurance number: two allowed letters, six digits, a suffix A-D. */
  UK_NINO,
  /** A French NIR (numéro de sécurité sociale): 13 characters and its 97-complement key. */
  FR_NIR,
  /**
   * A person's name, by a heuristic: a title ({@code Mr}, {@code Mrs}, {@code Ms}, {@code Dr},
   * {@code Prof}, {@code Mme}, {@code M.}) or a phrase ({@code my name is}, {@code I am}, {@code je
   * m'appelle}) followed by one to three capitalised words. It misses names written alone.
   */
  PERSON_NAME
}
