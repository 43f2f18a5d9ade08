/**
 * SQL databases: {@link dev.tyboo.nodes.sql.Postgres} and {@link dev.tyboo.nodes.sql.MySql}, over
 * the host's JDBC driver.
 */
package dev.tyboo.nodes.sql;
