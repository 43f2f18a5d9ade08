/**
 * SPI for the audit log: the append-only, hash-chained {@link dev.tyboo.spi.audit.AuditLog} of user
 * actions and system events, its {@link dev.tyboo.spi.audit.AuditRecord}s and queries.
 */
package dev.tyboo.spi.audit;
