/**
 * Files on the host's disk: {@link dev.tyboo.nodes.files.ReadWriteFiles}, bounded to a base
 * directory the host names in a credential.
 */
package dev.tyboo.nodes.files;
