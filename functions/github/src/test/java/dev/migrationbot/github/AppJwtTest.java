package dev.migrationbot.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class AppJwtTest {

  @Test
  void signsWithRs256AndGitHubsTimeLimits() throws Exception {
    Instant now = Instant.parse("2026-11-25T10:00:00Z");
    String jwt = AppJwt.sign("1060420", PrivateKeys.parse(AppKeys.pkcs1Pem()), now);

    String[] parts = jwt.split("\\.");
    assertThat(parts).hasSize(3);
    ObjectMapper json = new ObjectMapper();
    JsonNode header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
    JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
    assertThat(header.path("alg").asText()).isEqualTo("RS256");
    assertThat(header.path("typ").asText()).isEqualTo("JWT");
    assertThat(claims.path("iss").asText()).isEqualTo("1060420");
    assertThat(claims.path("iat").asLong()).isEqualTo(now.getEpochSecond() - 60);
    assertThat(claims.path("exp").asLong() - now.getEpochSecond())
        .isEqualTo(540)
        .isLessThanOrEqualTo(600);
    assertThat(jwt).doesNotContain("=");

    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(AppKeys.PUBLIC);
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
  }
}
