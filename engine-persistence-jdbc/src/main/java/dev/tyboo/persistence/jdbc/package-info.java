/**
 * Durable storage and a multi-process work queue on H2, PostgreSQL and MariaDB. Start with {@link
 * dev.tyboo.persistence.jdbc.JdbcStorage}.
 */
package dev.tyboo.persistence.jdbc;
