/**
 * Storage SPIs: {@link dev.tyboo.spi.store.WorkflowStore} keeps immutable workflow versions; its
 * stock implementation is {@link dev.tyboo.spi.store.WorkflowStore#inMemory}. The execution store
 * comes with durable execution.
 */
package dev.tyboo.spi.store;
