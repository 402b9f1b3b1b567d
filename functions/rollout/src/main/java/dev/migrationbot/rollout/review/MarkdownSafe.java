package dev.migrationbot.rollout.review;

/** User-written text (approval reasons) placed into the bot's Markdown without breaking it. */
public final class MarkdownSafe {

  private MarkdownSafe() {}

  public static String text(String userText) {
    return userText
        .replace("\\", "\\\\")
        .replace("<", "&lt;")
        .replace("*", "\\*")
        .replace("_", "\\_")
        .replace("`", "\\`")
        .replace("@", "@\u200b")
        .replace("\n", " ");
  }
}
