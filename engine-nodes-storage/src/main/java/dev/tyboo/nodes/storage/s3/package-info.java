/** S3-compatible object storage: {@link dev.tyboo.nodes.storage.s3.S3}. */
package dev.tyboo.nodes.storage.s3;
