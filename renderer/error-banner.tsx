import type { DisplayError } from './display-error';

export function ErrorBanner({ errors, onDismiss }: { errors: DisplayError[]; onDismiss: (index: number) => void }) {
  if (errors.length === 0) return null;
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      {errors.map((e, i) => (
        <div className="error-banner__item" key={i}>
          <code className="error-banner__code">{e.code}</code>
          <span className="error-banner__message">{e.message}</span>
          {e.file ? <span className="error-banner__file">{e.file}</span> : null}
          <button type="button" className="error-banner__close" aria-label="Dismiss" onClick={() => onDismiss(i)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
