/** Tyboo Engine engine-ai: a placeholder in 0.1.0 (see its README). */
module dev.tyboo.ai {
  requires dev.tyboo.core; // exports nothing until the module has code
}
