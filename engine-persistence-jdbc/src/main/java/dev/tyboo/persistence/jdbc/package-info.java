/**
 * JDBC stores and work queue for H2, PostgreSQL and MariaDB (not yet built).
 *
 * <p>This module is a placeholder in 0.1.0: it holds no public API yet.
 */
package dev.tyboo.persistence.jdbc;
