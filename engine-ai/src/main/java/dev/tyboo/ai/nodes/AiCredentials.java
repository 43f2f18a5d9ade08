package dev.tyboo.ai.nodes;

import dev.tyboo.node.PropertySpec;
import dev.tyboo.security.credential.CredentialType;
import java.util.List;

/**
 * The credential types of the AI nodes, for a {@code CredentialVault} ({@code
 * builder(..).type(AiCredentials.OPENAI)}) or any credential provider. A node names the one of its
 * provider ({@code NodeOptions.credential("openAiApi", "my-key")}); Ollama and OpenAI-compatible
 * servers need none.
 */
public final class AiCredentials {

  /** OpenAI and OpenAI-compatible servers: {@code apiKey}, optional {@code baseUrl}. */
  public static final CredentialType OPENAI =
      CredentialType.of(
          "openAiApi", PropertySpec.string("apiKey").required(), PropertySpec.string("baseUrl"));

  /** Anthropic: {@code apiKey}, optional {@code baseUrl}. */
  public static final CredentialType ANTHROPIC =
      CredentialType.of(
          "anthropicApi", PropertySpec.string("apiKey").required(), PropertySpec.string("baseUrl"));

  /** Google Gemini: {@code apiKey}, optional {@code baseUrl}. */
  public static final CredentialType GEMINI =
      CredentialType.of(
          "googleGeminiApi",
          PropertySpec.string("apiKey").required(),
          PropertySpec.string("baseUrl"));

  /** An Ollama server behind a proxy that wants a key: {@code baseUrl}, optional {@code apiKey}. */
  public static final CredentialType OLLAMA =
      CredentialType.of(
          "ollamaApi", PropertySpec.string("baseUrl").required(), PropertySpec.string("apiKey"));

  private AiCredentials() {}

  /** {@return every AI credential type} */
  public static List<CredentialType> all() {
    return List.of(OPENAI, ANTHROPIC, GEMINI, OLLAMA);
  }

  /**
   * {@return the credential type a provider's key is kept in}
   *
   * @param provider a provider name
   */
  static String typeOf(String provider) {
    return switch (provider) {
      case "anthropic" -> ANTHROPIC.name();
      case "gemini" -> GEMINI.name();
      case "ollama" -> OLLAMA.name();
      default -> OPENAI.name();
    };
  }
}
