/**
 * Which network addresses nodes may connect to: {@link dev.tyboo.security.network.NetworkPolicy},
 * set once per engine, read by every node that opens connections on a workflow author's word.
 */
package dev.tyboo.security.network;
