/**
 * Runnable Tyboo Engine programs: the README quickstart, the durable quickstart, a webhook server a
 * tour of multi-tenant security and an AI agent with tools and memory.
 */
module dev.tyboo.examples {
  requires dev.tyboo.core;
  requires transitive dev.tyboo.nodes;
  requires dev.tyboo.persistence.jdbc;
  requires dev.tyboo.ai;
  requires com.fasterxml.jackson.databind;
  requires jdk.httpserver;
  requires com.zaxxer.hikari;

  exports dev.tyboo.examples;
}
