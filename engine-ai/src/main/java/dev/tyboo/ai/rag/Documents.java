package dev.tyboo.ai.rag;

import java.util.Locale;
import java.util.Objects;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/** Turns documents into the plain text that is split and embedded. */
public final class Documents {

  private Documents() {}

  /**
   * {@return the document's text}: text as it is; markdown without its markup (headings, emphasis,
   * links keep their words, code fences their code); HTML's visible text, paragraphs on their own
   * lines, scripts and styles dropped
   *
   * @param content the document
   * @param format {@code text}, {@code markdown} or {@code html}
   * @throws IllegalArgumentException for another format
   */
  public static String toText(String content, String format) {
    Objects.requireNonNull(content, "content");
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "text" -> content;
      case "markdown", "md" -> markdown(content);
      case "html" -> html(content);
      default ->
          throw new IllegalArgumentException(
              "format '" + format + "' is not one of text, markdown, html");
    };
  }

  private static String markdown(String md) {
    StringBuilder out = new StringBuilder();
    for (String line : md.split("\n", -1)) {
      String l = line;
      if (l.strip().startsWith("```")) {
        continue;
      }
      l = l.replaceFirst("^\\s{0,3}#{1,6}\\s+", "");
      l = l.replaceFirst("^\\s{0,3}>\\s?", "");
      l = l.replaceFirst("^\\s*[-*+]\\s+", "");
      l = l.replaceAll("!\\[([^\\]]*)]\\([^)]*\\)", "$1");
      l = l.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1");
      l = l.replaceAll("(\\*\\*|__)(.+?)\\1", "$2");
      l = l.replaceAll("(\\*|_)(.+?)\\1", "$2");
      l = l.replaceAll("`([^`]*)`", "$1");
      out.append(l).append('\n');
    }
    return out.toString().strip();
  }

  private static String html(String html) {
    Document doc = Jsoup.parse(html);
    doc.outputSettings().prettyPrint(false);
    doc.select("script, style, noscript").remove();
    doc.select("br").after("\\n");
    doc.select("p, h1, h2, h3, h4, h5, h6, li, div, tr, section, article").append("\\n\\n");
    String text =
        Jsoup.clean(
            doc.html(),
            "",
            org.jsoup.safety.Safelist.none(),
            new Document.OutputSettings().prettyPrint(false));
    return org.jsoup.parser.Parser.unescapeEntities(text.replace("\\n", "\n"), false)
        .replaceAll("[ \\t]+", " ")
        .replaceAll(" *\n *", "\n")
        .replaceAll("\n{3,}", "\n\n")
        .strip();
  }
}
