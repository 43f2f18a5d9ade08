package dev.tyboo.ai.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tyboo.ai.internal.Tokens;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextSplitterTest {

  private static final String TEXT =
      "The first paragraph has two sentences. It talks about returns.\n\n"
          + "The second paragraph is about shipping. Parcels take three days.\n\n"
          + "The third paragraph covers the warranty, which lasts two years.";

  @Test
  void splits_at_paragraphs_first_within_the_size_with_overlap() {
    List<String> chunks = TextSplitter.byCharacters(80, 20).split(TEXT);

    assertThat(chunks).hasSizeGreaterThanOrEqualTo(3);
    assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(80));
    assertThat(chunks.getFirst()).startsWith("The first paragraph");
    assertThat(String.join(" ", chunks))
        .contains("returns")
        .contains("shipping")
        .contains("two years");
    // neighbours share text: the start of each chunk appears in the one before it
    for (int i = 1; i < chunks.size(); i++) {
      String head = chunks.get(i).substring(0, Math.min(8, chunks.get(i).length()));
      assertThat(chunks.get(i - 1) + " " + TEXT).contains(head);
    }
  }

  @Test
  void cuts_inside_words_only_when_nothing_else_fits_and_counts_tokens() {
    List<String> chunks =
        TextSplitter.byCharacters(10, 0).split("Supercalifragilisticexpialidocious");
    assertThat(chunks).allSatisfy(c -> assertThat(c.length()).isLessThanOrEqualTo(10));
    assertThat(String.join("", chunks)).isEqualTo("Supercalifragilisticexpialidocious");

    List<String> byTokens = TextSplitter.byTokens(12, 2).split(TEXT);
    assertThat(byTokens).allSatisfy(c -> assertThat(Tokens.count(c)).isLessThanOrEqualTo(12));
    assertThat(byTokens.size()).isGreaterThan(3);
    assertThat(TextSplitter.byCharacters(100, 0).split("  ")).isEmpty();
  }

  @Test
  void refuses_an_overlap_not_smaller_than_the_size() {
    assertThatThrownBy(() -> TextSplitter.byCharacters(10, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("overlap");
  }

  @Test
  void turns_markdown_and_html_into_plain_text() {
    String md =
        Documents.toText(
            "# Title\n\nSome **bold** and *italic* text with a [link](http://x).\n- item",
            "markdown");
    assertThat(md).isEqualTo("Title\n\nSome bold and italic text with a link.\nitem");

    String html =
        Documents.toText(
            "<html><head><script>alert(1)</script><style>p{}</style></head><body><h1>Title</h1>"
                + "<p>First&nbsp;para.</p><p>Second<br>line.</p></body></html>",
            "html");
    assertThat(html).doesNotContain("alert").doesNotContain("p{}").doesNotContain("<");
    assertThat(html)
        .contains("Title")
        .contains("First")
        .contains("para.")
        .contains("Second\nline.");
    assertThat(html.indexOf("Title")).isLessThan(html.indexOf("First"));
    assertThatThrownBy(() -> Documents.toText("x", "pdf")).hasMessageContaining("'pdf'");
  }
}
