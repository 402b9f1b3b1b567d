package dev.migrationbot.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrivateKeysTest {

  @Test
  void readsThePkcs1KeyGitHubHandsOut() {
    assertThat(PrivateKeys.parse(AppKeys.pkcs1Pem())).isEqualTo(AppKeys.KEY);
  }

  @Test
  void readsPkcs8() {
    assertThat(PrivateKeys.parse(AppKeys.pkcs8Pem())).isEqualTo(AppKeys.KEY);
  }

  @Test
  void readsAKeyWhoseLineBreaksWereEscaped() {
    assertThat(PrivateKeys.parse(AppKeys.pkcs1Pem().replace("\n", "\\n"))).isEqualTo(AppKeys.KEY);
  }

  @Test
  void saysWhatItGotInstead() {
    assertThatThrownBy(() -> PrivateKeys.parse("ghp_not_a_key"))
        .hasMessageContaining("expected a PEM private key starting with -----BEGIN");
    assertThatThrownBy(
            () -> PrivateKeys.parse("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
        .hasMessageContaining("got BEGIN CERTIFICATE");
    assertThatThrownBy(
            () ->
                PrivateKeys.parse(
                    "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"))
        .hasMessageContaining("the private key is encrypted");
    assertThatThrownBy(
            () ->
                PrivateKeys.parse(
                    "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----"))
        .hasMessageContaining("not a valid RSA key");
  }
}
