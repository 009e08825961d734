/**
 * The scan field: focused by default. A USB scanner acting as a keyboard types
 * the card's `AT1:…` text and Enter; a pasted card text is checked at once.
 */
import { useId, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { CARD_PREFIX, MAX_SCAN_CHARS } from './limits';

export function ScanField({ onScan, inputRef }: { readonly onScan: (text: string) => void; readonly inputRef: Ref<HTMLInputElement> }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');

  const submit = (raw: string) => {
    setText('');
    onScan(raw);
  };

  return (
    <form
      className="scan-field"
      data-testid="scan-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit(text);
      }}
    >
      <label htmlFor={id} className="scan-label">
        {t('check.scanLabel')}
      </label>
      <div className="scan-row">
        <input
          ref={inputRef}
          id={id}
          className="input input-scan"
          dir="ltr"
          autoFocus
          autoComplete="off"
          autoCapitalize="off"
          autoCorrect="off"
          spellCheck={false}
          enterKeyHint="go"
          aria-describedby={`${id}-hint`}
          data-testid="scan-input"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onPaste={(event) => {
            // A whole card text pasted into the empty field is checked right away.
            const pasted = event.clipboardData.getData('text');
            if (text === '' && pasted.trim().toUpperCase().startsWith(CARD_PREFIX)) {
              event.preventDefault();
              submit(pasted);
            }
          }}
        />
        <button type="submit" className="button button-primary" data-testid="scan-submit">
          {t('check.checkButton')}
        </button>
      </div>
      <p className="field-hint" id={`${id}-hint`}>
        {t('check.scanHint', { max: MAX_SCAN_CHARS })}
      </p>
    </form>
  );
}
