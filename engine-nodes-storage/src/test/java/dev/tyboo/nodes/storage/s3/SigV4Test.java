package dev.tyboo.nodes.storage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signer against the examples the S3 API reference prints ("Signature Calculations for the
 * Authorization Header: Transferring Payload in a Single Chunk" and "Examples: Signature
 * Calculations ... GET Bucket"): the same inputs must give the signatures printed there.
 */
class SigV4Test {

  private static final String ACCESS = "AKIAIOSFODNN7EXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Instant AT = Instant.parse("2013-05-24T00:00:00Z");

  private static Map<String, String> headers(String... more) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Host", "examplebucket.s3.amazonaws.com");
    h.put("x-amz-date", "20130524T000000Z");
    h.put("x-amz-content-sha256", SigV4.EMPTY_SHA256);
    for (int i = 0; i < more.length; i += 2) {
      h.put(more[i], more[i + 1]);
    }
    return h;
  }

  @Test
  void get_object_with_a_range_gives_the_documented_signature() {
    String authorization =
        SigV4.authorization(
            "GET",
            "/test.txt",
            Map.of(),
            headers("Range", "bytes=0-9"),
            SigV4.EMPTY_SHA256,
            ACCESS,
            SECRET,
            "us-east-1",
            "s3",
            AT);
    assertThat(authorization)
        .isEqualTo(
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                + "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  }

  @Test
  void list_objects_with_a_query_gives_the_documented_signature() {
    String authorization =
        SigV4.authorization(
            "GET",
            "/",
            Map.of("max-keys", "2", "prefix", "J"),
            headers(),
            SigV4.EMPTY_SHA256,
            ACCESS,
            SECRET,
            "us-east-1",
            "s3",
            AT);
    assertThat(authorization)
        .endsWith("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  }

  @Test
  void keys_are_encoded_per_segment_keeping_slashes() {
    assertThat(SigV4.encodePath("a b/ü/$x~.txt")).isEqualTo("a%20b/%C3%BC/%24x~.txt");
  }
}
