/**
 * Data nodes: {@link dev.tyboo.nodes.data.EditFields}, {@link dev.tyboo.nodes.data.Sort}, {@link
 * dev.tyboo.nodes.data.Limit}, {@link dev.tyboo.nodes.data.RemoveDuplicates}.
 */
package dev.tyboo.nodes.data;
