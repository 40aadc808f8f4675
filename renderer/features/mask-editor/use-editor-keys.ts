import { useEffect, useRef } from 'react';
import { isAppKey, isTyping } from '../../keyboard';
import { maskChordAction, maskEditKeyAction, type MaskOpId, type ToolId } from './model/editor-commands';

export interface EditorKeysHost {
  /** A mask is open in the editor. */
  active: boolean;
  toolActive: boolean;
  canUndo: boolean;
  chooseTool(id: ToolId | null): void;
  runOp(op: MaskOpId): void;
  /** A whole-mask operation is running (Esc cancels it). */
  running: boolean;
  cancelOp(): void;
  /** Drops the drag under way; true when there was one. */
  cancelGesture(): boolean;
  undo(): void;
  redo(): void;
  askSave(): void;
  stepSize(step: 1 | -1): void;
  stepLabel(step: 1 | -1): void;
}

/**
 * The editor's keys (model/editor-commands.ts), listened to in the capture phase so they are
 * decided before the reading room's and the review's. The rule for Ctrl+Z: it undoes mask
 * edits while a mask is open in the editor and a tool is active or there is an edit to undo;
 * otherwise it is left to the review (its U / Ctrl+Z undo a decision). Esc leaves the tool
 * (before the views' Esc closes anything). Keys act only while a mask is open.
 */
export function useEditorKeys(host: EditorKeysHost): void {
  const ref = useRef(host);
  ref.current = host;
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const h = ref.current;
      if (!h.active || e.defaultPrevented) return;
      const chord = maskChordAction(e);
      if (chord) {
        if (isTyping(e.target)) return;
        if (chord.kind === 'undo' && !(h.toolActive || h.canUndo || h.running)) return;
        e.preventDefault();
        e.stopPropagation();
        // The running operation's edit is computed on the labels as they were: nothing moves under it.
        if (h.running) return;
        if (chord.kind === 'undo') h.undo();
        else if (chord.kind === 'redo') h.redo();
        else h.askSave();
        return;
      }
      if (!isAppKey(e)) return;
      if (e.key === 'Escape' && h.cancelGesture()) {
        e.preventDefault();
        return;
      }
      if (e.key === 'Escape' && h.running) {
        e.preventDefault();
        h.cancelOp();
        return;
      }
      if (e.key === 'Escape' && h.toolActive) {
        e.preventDefault();
        h.chooseTool(null);
        return;
      }
      const action = maskEditKeyAction(e);
      if (!action) return;
      e.preventDefault();
      switch (action.kind) {
        case 'tool':
          return h.chooseTool(action.tool);
        case 'op':
          return h.runOp(action.op);
        case 'size':
          return h.stepSize(action.step);
        case 'label':
          return h.stepLabel(action.step);
        default:
          return;
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}
