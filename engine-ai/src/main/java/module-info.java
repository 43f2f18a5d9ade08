/**
 * Tyboo Engine engine-ai: the Chat Model and Embeddings nodes over OpenAI, Anthropic, Gemini,
 * Ollama, OpenAI-compatible servers and an in-process embedding model, with token costs. Entry
 * points: {@link dev.tyboo.ai.nodes.AiNodes}, {@link dev.tyboo.ai.providers.ModelProviders}.
 */
// LangChain4j's jars name their modules in their manifests
@SuppressWarnings("requires-automatic")
module dev.tyboo.ai {
  requires transitive dev.tyboo.core;
  requires com.fasterxml.jackson.databind;
  requires java.net.http;
  requires transitive java.sql; // PostgresVectorStore.create(DataSource)
  requires langchain4j.core;
  requires langchain4j.http.client;
  requires langchain4j.open.ai;
  requires langchain4j.anthropic;
  requires langchain4j.google.ai.gemini;
  requires langchain4j.ollama;
  requires static langchain4j.embeddings.all.minilm.l6.v2; // engine-ai-embeddings-local
  requires static langchain4j.embeddings;
  requires org.jsoup;

  exports dev.tyboo.ai;
  exports dev.tyboo.ai.spi;
  exports dev.tyboo.ai.providers;
  exports dev.tyboo.ai.cost;
  exports dev.tyboo.ai.vector;
  exports dev.tyboo.ai.rag;
  exports dev.tyboo.ai.nodes;
  exports dev.tyboo.ai.guardrails;
  exports dev.tyboo.ai.generate;
  exports dev.tyboo.ai.agent;

  // the Guardrails node's parameters record is bound by the engine's reflection
  opens dev.tyboo.ai.guardrails to
      dev.tyboo.core;

  provides dev.tyboo.node.NodeCatalog with
      dev.tyboo.ai.nodes.AiNodes;
}
