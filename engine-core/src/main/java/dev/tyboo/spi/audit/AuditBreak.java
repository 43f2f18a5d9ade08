package dev.tyboo.spi.audit;

/**
 * One place where an audit chain does not check out.
 *
 * @param sequence the sequence number of the record concerned
 * @param problem what is wrong there
 */
public record AuditBreak(long sequence, String problem) {}
