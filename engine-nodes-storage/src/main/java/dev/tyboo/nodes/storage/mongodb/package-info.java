/** MongoDB: {@link dev.tyboo.nodes.storage.mongodb.MongoDb}. */
package dev.tyboo.nodes.storage.mongodb;
