/**
 * Storage SPIs: {@link dev.tyboo.spi.store.WorkflowStore} keeps immutable workflow versions, {@link
 * dev.tyboo.spi.store.ExecutionStore} keeps executions and fenced node-run checkpoints; their stock
 * implementations are {@link dev.tyboo.spi.store.WorkflowStore#inMemory} and {@link
 * dev.tyboo.spi.store.ExecutionStore#inMemory}.
 */
package dev.tyboo.spi.store;
