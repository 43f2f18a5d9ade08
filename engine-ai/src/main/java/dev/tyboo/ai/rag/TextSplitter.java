package dev.tyboo.ai.rag;

import dev.tyboo.ai.internal.Tokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Splits text into chunks of at most {@code size} units (characters or tokens) that overlap by
 * {@code overlap} units, recursively: first at paragraph breaks, then lines, sentences, words, and
 * only as a last resort inside a word. Immutable; thread-safe.
 */
public final class TextSplitter {

  private static final List<String> SEPARATORS = List.of("\n\n", "\n", ". ", " ", "");

  private final int size;
  private final int overlap;
  private final ToIntFunction<String> length;

  private TextSplitter(int size, int overlap, ToIntFunction<String> length) {
    if (size < 1) {
      throw new IllegalArgumentException("chunk size must be >= 1, was " + size);
    }
    if (overlap < 0 || overlap >= size) {
      throw new IllegalArgumentException(
          "overlap must be >= 0 and smaller than the chunk size " + size + ", was " + overlap);
    }
    this.size = size;
    this.overlap = overlap;
    this.length = length;
  }

  /**
   * {@return a splitter counting characters}
   *
   * @param size the most characters per chunk
   * @param overlap characters shared by neighbouring chunks
   */
  public static TextSplitter byCharacters(int size, int overlap) {
    return new TextSplitter(size, overlap, String::length);
  }

  /**
   * {@return a splitter counting tokens as OpenAI's cl100k/o200k tokenizers do (a good estimate for
   * other models)}
   *
   * @param size the most tokens per chunk
   * @param overlap tokens shared by neighbouring chunks
   */
  public static TextSplitter byTokens(int size, int overlap) {
    return new TextSplitter(size, overlap, Tokens::count);
  }

  /**
   * {@return the chunks, in order; none for blank text}
   *
   * @param text the text
   */
  public List<String> split(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      return List.of();
    }
    List<String> pieces = new ArrayList<>();
    pieces(text.strip(), 0, pieces);
    return merge(pieces);
  }

  /** Cuts text into pieces no longer than the size, at the coarsest separator that does. */
  private void pieces(String text, int level, List<String> out) {
    if (length.applyAsInt(text) <= size) {
      out.add(text);
      return;
    }
    String sep = SEPARATORS.get(level);
    if (sep.isEmpty()) { // inside a word: cut by characters, as long as fits
      int start = 0;
      while (start < text.length()) {
        int end = start + 1;
        while (end < text.length() && length.applyAsInt(text.substring(start, end + 1)) <= size) {
          end++;
        }
        out.add(text.substring(start, end));
        start = end;
      }
      return;
    }
    String[] parts = text.split(java.util.regex.Pattern.quote(sep), -1);
    for (int i = 0; i < parts.length; i++) {
      String part = i < parts.length - 1 ? parts[i] + sep : parts[i];
      if (!part.isEmpty()) {
        pieces(part, level + 1, out);
      }
    }
  }

  /**
   * Joins pieces into chunks up to the size, each starting with the last overlap of the one before.
   */
  private List<String> merge(List<String> pieces) {
    List<String> chunks = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int currentLength = 0;
    for (String piece : pieces) {
      int l = length.applyAsInt(piece);
      if (currentLength + l > size && !current.isEmpty()) {
        chunks.add(String.join("", current).strip());
        // keep the tail of the chunk as overlap
        while (!current.isEmpty() && (currentLength > overlap || currentLength + l > size)) {
          currentLength -= length.applyAsInt(current.removeFirst());
        }
      }
      current.add(piece);
      currentLength += l;
    }
    if (!current.isEmpty()) {
      chunks.add(String.join("", current).strip());
    }
    chunks.removeIf(String::isBlank);
    return List.copyOf(chunks);
  }
}
