/** Airtable over its REST API: {@link dev.tyboo.nodes.airtable.Airtable} (records). */
package dev.tyboo.nodes.airtable;
