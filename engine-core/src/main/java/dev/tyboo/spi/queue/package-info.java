/**
 * The work queue SPI: {@link dev.tyboo.spi.queue.WorkQueue} with leases, fencing tokens, due times
 * and dead letters; {@link dev.tyboo.spi.queue.WorkQueue#inMemory} is the stock implementation.
 */
package dev.tyboo.spi.queue;
