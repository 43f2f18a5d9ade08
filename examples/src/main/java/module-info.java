/**
 * Runnable Tyboo Engine programs: the README quickstart, the durable quickstart and a webhook
 * server.
 */
module dev.tyboo.examples {
  requires dev.tyboo.core;
  requires transitive dev.tyboo.nodes;
  requires dev.tyboo.persistence.jdbc;
  requires jdk.httpserver;
  requires com.zaxxer.hikari;

  exports dev.tyboo.examples;
}
