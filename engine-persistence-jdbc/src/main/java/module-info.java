/** Tyboo Engine engine-persistence-jdbc: a placeholder in 0.1.0 (see its README). */
module dev.tyboo.persistence.jdbc {
  requires dev.tyboo.core; // exports nothing until the module has code
}
