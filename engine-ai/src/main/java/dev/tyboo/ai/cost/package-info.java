/**
 * What model calls cost: a {@link dev.tyboo.ai.cost.PriceTable} per provider and model, and a
 * {@link dev.tyboo.ai.cost.CostTracker} that totals each node run, execution and workflow and stops
 * an execution past its budget.
 */
package dev.tyboo.ai.cost;
