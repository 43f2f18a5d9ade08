/** Notion over its REST API: {@link dev.tyboo.nodes.notion.Notion} (pages and databases). */
package dev.tyboo.nodes.notion;
