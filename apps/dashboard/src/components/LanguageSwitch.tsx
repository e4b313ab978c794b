import { useTranslation } from 'react-i18next';
import { languages } from '../i18n.ts';

/** SV / EN, remembered in this browser. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage === 'en' ? 'en' : 'sv';
  return (
    <fieldset className="lang-switch">
      <legend className="visually-hidden">{t('lang.label')}</legend>
      {languages.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          className="lang-switch__option"
          aria-pressed={current === lng}
          aria-label={t(`lang.${lng}`)}
          onClick={() => void i18n.changeLanguage(lng)}
        >
          {lng.toUpperCase()}
        </button>
      ))}
    </fieldset>
  );
}
