package dev.tyboo.internal.dag;

import java.util.Collection;

/**
 * "Did you mean" for misspelt names: the closest candidate by edit distance, if it is close enough.
 */
public final class Suggestions {
  private Suggestions() {}

  /**
   * {@return {@code " (did you mean 'x'?)"}, or an empty string when nothing is close}
   *
   * @param wrong the unknown name
   * @param candidates the known names
   */
  public static String didYouMean(String wrong, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(wrong.toLowerCase(), c.toLowerCase());
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    int allowed = Math.max(2, wrong.length() / 3);
    return best != null && bestDistance <= allowed ? " (did you mean '" + best + "'?)" : "";
  }

  static int distance(String a, String b) {
    if (Math.abs(a.length() - b.length()) > 16 || a.length() > 256 || b.length() > 256) {
      return Integer.MAX_VALUE;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
