package dev.tyboo.internal.expression;

/** An expression variable that becomes JSON when an expression returns it whole. */
interface JsonConvertible {
  Object toJson();
}
