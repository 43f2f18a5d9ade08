/**
 * Data-subject rights (GDPR articles 15 and 17): what {@link dev.tyboo.engine.SubjectRights#erase}
 * reports. Executions are tagged with the ids of the people their data is about ({@link
 * dev.tyboo.engine.SubjectRights#tag}); erasure and export then reach every store the engine
 * writes: execution records and node runs (checkpoints), attachments and spilled outputs in the
 * binary store, and the detail of audit records.
 */
package dev.tyboo.security.privacy;
