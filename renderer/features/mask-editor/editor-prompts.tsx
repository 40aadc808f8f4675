import { useEffect, useRef, useState } from 'react';
import type { MaskJournalEntry } from '../../../electron/common/contract';

/** Asks for the version's note; Enter saves, Esc cancels. */
export function SaveNotePrompt({ busy, onSave, onCancel }: { busy: boolean; onSave: (note: string) => void; onCancel: () => void }) {
  const [note, setNote] = useState('');
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="mask-prompt" role="dialog" aria-label="Save the mask" data-testid="mask-save-prompt">
      <input
        ref={ref}
        data-testid="mask-save-note"
        placeholder="What was corrected (Enter saves, Esc cancels)"
        value={note}
        maxLength={4000}
        onChange={(e) => setNote(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !busy) onSave(note.trim());
          if (e.key === 'Escape') onCancel();
          e.stopPropagation();
        }}
        style={{ width: 320 }}
      />
      <button type="button" className="btn" data-testid="mask-save-confirm" disabled={busy} onClick={() => onSave(note.trim())}>
        Save
      </button>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** A journal from a killed app or host: keep its strokes (re-applied on their parent) or discard them. */
export function JournalOffer({ entry, ready, onKeep, onDiscard }: { entry: MaskJournalEntry; ready: boolean; onKeep: () => void; onDiscard: () => void }) {
  let voxels = 0;
  for (let k = 1; k < entry.change.runs.length; k += 2) voxels += entry.change.runs[k]!;
  return (
    <div className="mask-prompt" role="alertdialog" aria-label="Unsaved mask edits" data-testid="mask-journal-offer" data-voxels={voxels}>
      Unsaved {entry.kind} mask edits from {new Date(entry.savedAt).toLocaleString()} ({voxels} voxels, {entry.tools.join(', ') || 'edits'}) on {entry.parentId ? `version #${entry.parentId}` : 'a new mask'}.
      <button type="button" className="btn" data-testid="mask-journal-keep" disabled={!ready} onClick={onKeep}>
        Keep editing them
      </button>
      <button type="button" className="btn" data-testid="mask-journal-discard" onClick={onDiscard}>
        Discard
      </button>
    </div>
  );
}

/** Leaving a scan with unsaved edits: save them, discard them, or stay. */
export function SwitchScanPrompt({ onSave, onDiscard, onCancel }: { onSave: () => void; onDiscard: () => void; onCancel: () => void }) {
  return (
    <div className="mask-prompt mask-prompt--modal" role="alertdialog" aria-label="Unsaved mask edits" data-testid="mask-switch-prompt">
      This scan has unsaved mask edits.
      <button type="button" className="btn" data-testid="mask-switch-save" onClick={onSave}>
        Save and switch
      </button>
      <button type="button" className="btn" data-testid="mask-switch-discard" onClick={onDiscard}>
        Discard and switch
      </button>
      <button type="button" className="btn" data-testid="mask-switch-cancel" onClick={onCancel}>
        Stay
      </button>
    </div>
  );
}

/** Closing the editor with unsaved edits: save them first, discard them, or keep editing. */
export function CloseEditorPrompt({ onSave, onDiscard, onCancel }: { onSave: () => void; onDiscard: () => void; onCancel: () => void }) {
  return (
    <div className="mask-prompt" role="alertdialog" aria-label="Unsaved mask edits" data-testid="mask-close-prompt">
      The mask has unsaved edits.
      <button type="button" className="btn" data-testid="mask-close-save" onClick={onSave}>
        Save…
      </button>
      <button type="button" className="btn" data-testid="mask-close-discard" onClick={onDiscard}>
        Discard and close
      </button>
      <button type="button" className="btn" data-testid="mask-close-cancel" onClick={onCancel}>
        Keep editing
      </button>
    </div>
  );
}
