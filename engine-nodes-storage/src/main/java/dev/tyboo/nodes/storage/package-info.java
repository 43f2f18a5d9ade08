/**
 * Storage nodes: {@link dev.tyboo.nodes.storage.StorageNodes}, the catalogue of S3, SFTP and
 * MongoDB nodes.
 */
package dev.tyboo.nodes.storage;
