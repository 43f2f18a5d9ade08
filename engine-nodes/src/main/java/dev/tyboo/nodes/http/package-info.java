/** HTTP nodes: {@link dev.tyboo.nodes.http.HttpRequest}. */
package dev.tyboo.nodes.http;
