/**
 * Runnable Tyboo Engine programs: the README quickstart, the durable quickstart, a webhook server
 * and a tour of multi-tenant security.
 */
module dev.tyboo.examples {
  requires dev.tyboo.core;
  requires transitive dev.tyboo.nodes;
  requires dev.tyboo.persistence.jdbc;
  requires jdk.httpserver;
  requires com.zaxxer.hikari;

  exports dev.tyboo.examples;
}
