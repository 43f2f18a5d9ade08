/**
 * JMH benchmarks for the budgets of DESIGN.md. A placeholder until the "Benchmarks" issue lands.
 */
package dev.tyboo.benchmarks;
