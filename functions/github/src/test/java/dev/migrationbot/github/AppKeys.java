package dev.migrationbot.github;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;

/** A throw-away App key made for the tests, in the formats GitHub and OpenSSL write. */
final class AppKeys {

  static final KeyPair PAIR = generate();
  static final RSAPrivateKey KEY = (RSAPrivateKey) PAIR.getPrivate();
  static final RSAPublicKey PUBLIC = (RSAPublicKey) PAIR.getPublic();

  private AppKeys() {}

  /** PKCS#8, as {@code openssl pkcs8 -topk8 -nocrypt} writes it. */
  static String pkcs8Pem() {
    return pem("PRIVATE KEY", KEY.getEncoded());
  }

  /**
   * PKCS#1, as GitHub hands it out: the RSAPrivateKey inside the PKCS#8 structure, which for a
   * 2048-bit key starts after a fixed 26-byte header (SEQUENCE, version, algorithm, OCTET STRING).
   */
  static String pkcs1Pem() {
    byte[] pkcs8 = KEY.getEncoded();
    if (pkcs8[22] != 0x04 || pkcs8[23] != (byte) 0x82) {
      throw new IllegalStateException("unexpected PKCS#8 layout");
    }
    return pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length));
  }

  private static String pem(String label, byte[] der) {
    return "-----BEGIN "
        + label
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END "
        + label
        + "-----\n";
  }

  private static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
