import { useEffect, useRef, useState } from 'react';
import type { Lesion, RejectReason } from '../../../electron/common/contract';
import { REJECT_REASONS } from './model/lesion-list';

/**
 * Listens to keys before everything else while a prompt is open (capture phase), so digits
 * pick a reason instead of a window preset and Escape closes only the prompt.
 */
function usePromptKeys(onKey: (e: KeyboardEvent) => boolean): void {
  const ref = useRef(onKey);
  ref.current = onKey;
  useEffect(() => {
    const listener = (e: KeyboardEvent): void => {
      if (ref.current(e)) {
        e.preventDefault();
        e.stopPropagation();
      }
    };
    window.addEventListener('keydown', listener, true);
    return () => window.removeEventListener('keydown', listener, true);
  }, []);
}

/** The closed list of reasons; 1–8 picks, Enter confirms ('other' needs its text), Esc cancels. */
export function RejectPrompt({ lesion, busy, onReject, onCancel }: { lesion: Lesion; busy: boolean; onReject: (reason: RejectReason, text?: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState<RejectReason | null>(null);
  const [text, setText] = useState('');
  const textRef = useRef<HTMLInputElement>(null);
  const confirm = (r: RejectReason | null = reason): void => {
    if (!r) return;
    if (r === 'other' && !text.trim()) {
      textRef.current?.focus();
      return;
    }
    onReject(r, r === 'other' ? text.trim() : undefined);
  };
  usePromptKeys((e) => {
    if (e.key === 'Escape') {
      onCancel();
      return true;
    }
    if (e.target === textRef.current) {
      if (e.key === 'Enter') {
        confirm();
        return true;
      }
      return false;
    }
    const n = Number(e.key);
    if (Number.isInteger(n) && n >= 1 && n <= REJECT_REASONS.length) {
      const r = REJECT_REASONS[n - 1]!.reason;
      setReason(r);
      if (r === 'other') setTimeout(() => textRef.current?.focus(), 0);
      return true;
    }
    if (e.key === 'Enter') {
      confirm();
      return true;
    }
    return false;
  });
  return (
    <div className="review-prompt" role="dialog" aria-label={`Reject lesion ${lesion.ordinal}`} data-testid="reject-prompt">
      <div className="review-prompt__title">Reject lesion {lesion.ordinal}: why?</div>
      <ol className="reject-reasons">
        {REJECT_REASONS.map((r, i) => (
          <li key={r.reason}>
            <button type="button" data-testid={`reject-reason-${r.reason}`} aria-pressed={reason === r.reason} onClick={() => (r.reason === 'other' ? (setReason('other'), setTimeout(() => textRef.current?.focus(), 0)) : confirm(r.reason))}>
              <kbd>{i + 1}</kbd> {r.label}
            </button>
          </li>
        ))}
      </ol>
      {reason === 'other' ? <input ref={textRef} data-testid="reject-other-text" placeholder="What is it?" maxLength={500} value={text} onChange={(e) => setText(e.target.value)} /> : null}
      <div className="review-prompt__actions">
        <button type="button" data-testid="reject-confirm" disabled={busy || reason === null} onClick={() => confirm()}>
          Reject (Enter)
        </button>
        <button type="button" onClick={onCancel}>
          Cancel (Esc)
        </button>
      </div>
    </div>
  );
}

/** The accepted diameter, prefilled with the lesion's; Enter accepts, Esc cancels. */
export function DiameterPrompt({ lesion, busy, onAccept, onCancel }: { lesion: Lesion; busy: boolean; onAccept: (mm: number) => void; onCancel: () => void }) {
  const [value, setValue] = useState(() => ((lesion.decision?.diameterMm ?? lesion.diameterMm ?? 6).toFixed(1)));
  const [error, setError] = useState<string | null>(null);
  const save = (): void => {
    const mm = Number(value);
    if (!Number.isFinite(mm) || mm < 0.5 || mm > 100) return setError('a diameter of 0.5–100 mm');
    onAccept(mm);
  };
  usePromptKeys((e) => {
    if (e.key === 'Escape') {
      onCancel();
      return true;
    }
    if (e.key === 'Enter') {
      save();
      return true;
    }
    return false;
  });
  return (
    <div className="review-prompt" role="dialog" aria-label="Accept with a diameter" data-testid="diameter-prompt">
      <label>
        Accept lesion {lesion.ordinal} at ⌀{' '}
        <input autoFocus data-testid="accept-diameter" inputMode="decimal" size={6} value={value} onChange={(e) => setValue(e.target.value)} /> mm
      </label>
      {error ? <span className="review-prompt__error">{error}</span> : null}
      <button type="button" disabled={busy} onClick={save}>
        Accept (Enter)
      </button>
      <button type="button" onClick={onCancel}>
        Cancel (Esc)
      </button>
    </div>
  );
}

/** "Scan done": only when no lesion is undecided, with the reader's word that nothing was missed. */
export function ScanDonePrompt({ undecided, busy, onConfirm, onCancel }: { undecided: number; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  usePromptKeys((e) => {
    if (e.key === 'Escape') {
      onCancel();
      return true;
    }
    if (e.key === 'Enter' && undecided === 0) {
      onConfirm();
      return true;
    }
    return false;
  });
  return (
    <div className="review-prompt" role="dialog" aria-label="Scan done" data-testid="scan-done-prompt">
      {undecided > 0 ? (
        <p>
          {undecided} lesion{undecided === 1 ? ' is' : 's are'} still undecided: decide {undecided === 1 ? 'it' : 'them'} first (Q moves to the next one).
        </p>
      ) : (
        <p>Every lesion is decided. Nothing was missed on this scan?</p>
      )}
      <button type="button" data-testid="scan-done-confirm" disabled={busy || undecided > 0} onClick={onConfirm}>
        Nothing missed: scan done (Enter)
      </button>
      <button type="button" onClick={onCancel}>
        Cancel (Esc)
      </button>
    </div>
  );
}
