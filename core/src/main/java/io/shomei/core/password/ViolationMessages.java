package io.shomei.core.password;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Messages of {@code io/shomei/core/password/Messages*.properties}: Japanese for a Japanese locale,
 * English (the base bundle) for every other, whatever the JVM default locale. Not named
 * {@code Messages}: a class of the bundle's own name is what {@link ResourceBundle#getBundle} tries
 * first, before the properties files.
 */
final class ViolationMessages {
  private static final String BUNDLE = "io.shomei.core.password.Messages";

  private ViolationMessages() {}

  /**
   * The bundle for a locale. Asking for {@link Locale#ROOT} (never for, say, {@code en}) keeps
   * {@link ResourceBundle#getBundle} from falling back to the JVM default locale.
   *
   * @param locale the customer's locale
   * @return the bundle
   */
  public static ResourceBundle bundle(Locale locale) {
    Locale chosen = "ja".equals(locale.getLanguage()) ? Locale.JAPANESE : Locale.ROOT;
    return ResourceBundle.getBundle(BUNDLE, chosen);
  }

  /**
   * The message of a violation.
   *
   * @param v the violation
   * @param locale the customer's locale
   * @return the message
   */
  public static String violation(PasswordViolation v, Locale locale) {
    ResourceBundle b = bundle(locale);
    CharacterClass c = v.characterClass();
    String klass = c == null ? "" : b.getString("class." + c.name());
    MessageFormat f = new MessageFormat(b.getString("violation." + v.code().name()),
        "ja".equals(locale.getLanguage()) ? Locale.JAPANESE : Locale.ENGLISH);
    return f.format(new Object[] {v.limit(), klass});
  }
}
