/**
 * Tyboo Engine engine-nodes: the node catalogue ({@link dev.tyboo.nodes.CoreNodes}), found by
 * {@link java.util.ServiceLoader} as a {@link dev.tyboo.node.NodeCatalog}.
 */
// cron-utils has no module descriptor; its Automatic-Module-Name (com.cronutils) is stable
@SuppressWarnings("requires-automatic")
module dev.tyboo.nodes {
  requires transitive dev.tyboo.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.csv;
  requires com.fasterxml.jackson.dataformat.xml;
  requires java.xml;
  requires org.jsoup;
  requires java.net.http;
  requires java.sql; // the SQL nodes, over the host's JDBC driver
  requires com.cronutils;
  requires com.github.benmanes.caffeine;
  requires jdk.management;
  requires static org.graalvm.polyglot;

  exports dev.tyboo.nodes;
  exports dev.tyboo.nodes.logic;
  exports dev.tyboo.nodes.data;
  exports dev.tyboo.nodes.util;
  exports dev.tyboo.nodes.format;
  exports dev.tyboo.nodes.http;
  exports dev.tyboo.nodes.sql;
  exports dev.tyboo.nodes.chat;
  exports dev.tyboo.nodes.github;
  exports dev.tyboo.nodes.files;
  exports dev.tyboo.nodes.google;
  exports dev.tyboo.nodes.microsoft;
  exports dev.tyboo.nodes.notion;
  exports dev.tyboo.nodes.airtable;
  exports dev.tyboo.nodes.trigger;
  exports dev.tyboo.nodes.webhook;
  exports dev.tyboo.nodes.code;

  // parameter records are bound by the engine's reflection
  opens dev.tyboo.nodes.data to
      dev.tyboo.core;
  opens dev.tyboo.nodes.sql to
      dev.tyboo.core;
  opens dev.tyboo.nodes.chat to
      dev.tyboo.core;
  opens dev.tyboo.nodes.github to
      dev.tyboo.core;
  opens dev.tyboo.nodes.files to
      dev.tyboo.core;
  opens dev.tyboo.nodes.google to
      dev.tyboo.core;
  opens dev.tyboo.nodes.microsoft to
      dev.tyboo.core;
  opens dev.tyboo.nodes.notion to
      dev.tyboo.core;
  opens dev.tyboo.nodes.airtable to
      dev.tyboo.core;
  opens dev.tyboo.nodes.http to
      dev.tyboo.core;

  provides dev.tyboo.node.NodeCatalog with
      dev.tyboo.nodes.CoreNodes;
  provides dev.tyboo.spi.script.ScriptSandboxProvider with
      dev.tyboo.nodes.internal.GraalSandboxProvider;
}
