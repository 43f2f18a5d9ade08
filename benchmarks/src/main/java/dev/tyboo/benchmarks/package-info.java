/**
 * JMH suites for the budgets of DESIGN.md; {@link dev.tyboo.benchmarks.ChainBenchmark} compares
 * Tyboo with a bare-Java floor and with Operaton in the same run.
 */
package dev.tyboo.benchmarks;
