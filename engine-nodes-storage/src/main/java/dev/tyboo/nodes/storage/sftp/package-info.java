/** SFTP: {@link dev.tyboo.nodes.storage.sftp.Sftp}. */
package dev.tyboo.nodes.storage.sftp;
