/**
 * Access control: {@link dev.tyboo.security.access.Principal}s of a tenant hold {@link
 * dev.tyboo.security.access.Role}s, which grant {@link dev.tyboo.security.access.Permission}s.
 * Every user-facing operation goes through {@code Engine.as(principal)}, which checks them (deny by
 * default) and keeps each tenant to its own workflows, executions, credentials and audit records.
 */
package dev.tyboo.security.access;
