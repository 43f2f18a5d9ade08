/** Runnable Tyboo Engine programs: the README quickstart. */
module dev.tyboo.examples {
  requires dev.tyboo.core;

  exports dev.tyboo.examples;
}
