/** Runnable Tyboo Engine programs: the README quickstart and the durable quickstart. */
module dev.tyboo.examples {
  requires dev.tyboo.core;
  requires dev.tyboo.persistence.jdbc;
  requires com.zaxxer.hikari;

  exports dev.tyboo.examples;
}
