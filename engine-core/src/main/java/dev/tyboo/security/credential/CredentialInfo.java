package dev.tyboo.security.credential;

import java.time.Instant;

/**
 * What the vault tells about a credential: never its data.
 *
 * @param tenant the tenant that owns it
 * @param id its id
 * @param type its credential type
 * @param name its name, by which nodes refer to it
 * @param keyId the id of the master key that wraps its data key
 * @param createdAt when it was created
 * @param updatedAt when its data or key last changed
 * @param version 1 when created, one more at each change
 */
public record CredentialInfo(
    String tenant,
    String id,
    String type,
    String name,
    String keyId,
    Instant createdAt,
    Instant updatedAt,
    long version) {}
