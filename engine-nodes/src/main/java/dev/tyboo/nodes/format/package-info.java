/** File format nodes: {@link dev.tyboo.nodes.format.Csv}. */
package dev.tyboo.nodes.format;
