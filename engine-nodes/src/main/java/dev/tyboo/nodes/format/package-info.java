/** File format nodes: {@link dev.tyboo.nodes.format.Csv}, {@link dev.tyboo.nodes.format.Gzip}. */
package dev.tyboo.nodes.format;
