/**
 * Data nodes: {@link dev.tyboo.nodes.data.EditFields}, {@link dev.tyboo.nodes.data.Sort}, {@link
 * dev.tyboo.nodes.data.Limit}, {@link dev.tyboo.nodes.data.RemoveDuplicates}, {@link
 * dev.tyboo.nodes.data.Merge}, {@link dev.tyboo.nodes.data.SplitOut}, {@link
 * dev.tyboo.nodes.data.Aggregate}.
 */
package dev.tyboo.nodes.data;
