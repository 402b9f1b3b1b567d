package dev.migrationbot.github;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads a GitHub App's private key. GitHub hands out PKCS#1 ({@code BEGIN RSA PRIVATE KEY}), which
 * Java does not read by itself; PKCS#8 ({@code BEGIN PRIVATE KEY}, what {@code openssl pkcs8
 * -topk8} makes of it) is accepted too, so nobody has to convert the downloaded file.
 */
public final class PrivateKeys {

  private static final String PKCS1 = "RSA PRIVATE KEY";
  private static final String PKCS8 = "PRIVATE KEY";

  /** DER of AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
  private static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  private PrivateKeys() {}

  /**
   * @param pem the key file's text; {@code \n} written as two characters (as in some secret stores
   *     and environment variables) is read as a line break
   * @throws IllegalArgumentException saying what kind of text it got instead of a usable key
   */
  public static RSAPrivateKey parse(String pem) {
    String text = pem.replace("\\n", "\n").trim();
    String label = label(text);
    byte[] der = body(text, label);
    byte[] pkcs8;
    if (label.equals(PKCS1)) {
      pkcs8 = wrapPkcs1(der);
    } else if (label.equals(PKCS8)) {
      pkcs8 = der;
    } else if (label.equals("ENCRYPTED PRIVATE KEY")) {
      throw new IllegalArgumentException(
          "the private key is encrypted; store the key GitHub generated, unencrypted");
    } else {
      throw new IllegalArgumentException(
          "expected a PEM private key (BEGIN RSA PRIVATE KEY or BEGIN PRIVATE KEY), got BEGIN "
              + label);
    }
    try {
      return (RSAPrivateKey)
          KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException(
          "the private key is not a valid RSA key: " + e.getMessage(), e);
    }
  }

  private static String label(String text) {
    if (!text.startsWith("-----BEGIN ")) {
      throw new IllegalArgumentException(
          "expected a PEM private key starting with -----BEGIN, as GitHub downloads it");
    }
    int end = text.indexOf("-----", "-----BEGIN ".length());
    if (end < 0) {
      throw new IllegalArgumentException("the PEM header line is incomplete");
    }
    return text.substring("-----BEGIN ".length(), end);
  }

  private static byte[] body(String text, String label) {
    String footer = "-----END " + label + "-----";
    int start = text.indexOf('\n');
    int end = text.indexOf(footer);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("the PEM text has no " + footer + " line");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(start, end));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the PEM body is not base64", e);
    }
  }

  /** PrivateKeyInfo ::= SEQUENCE { version 0, algorithm, privateKey OCTET STRING (PKCS#1) }. */
  private static byte[] wrapPkcs1(byte[] pkcs1) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes(new byte[] {0x02, 0x01, 0x00});
    content.writeBytes(RSA_ALGORITHM);
    content.write(0x04);
    content.writeBytes(length(pkcs1.length));
    content.writeBytes(pkcs1);
    ByteArrayOutputStream sequence = new ByteArrayOutputStream();
    sequence.write(0x30);
    sequence.writeBytes(length(content.size()));
    sequence.writeBytes(content.toByteArray());
    return sequence.toByteArray();
  }

  /** A DER length: one byte below 128, else 0x80 + the number of big-endian length bytes. */
  private static byte[] length(int length) {
    if (length < 0x80) {
      return new byte[] {(byte) length};
    }
    int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
    byte[] out = new byte[bytes + 1];
    out[0] = (byte) (0x80 | bytes);
    for (int i = bytes; i > 0; i--) {
      out[i] = (byte) (length & 0xff);
      length >>>= 8;
    }
    return out;
  }
}
