import { useState } from 'react';
import type { MaskVersionInfo } from '../../../electron/common/contract';
import { THRESHOLD_PRESETS } from './model/brush';
import { chordTitle, opTitle, toolTitle, type MaskOpId, type ToolId } from './model/editor-commands';
import { TOOLS } from './tools';
import { LabelPicker } from './label-picker';
import { CloseEditorPrompt, SaveNotePrompt } from './editor-prompts';
import type { MaskEditor } from './use-mask-editor';

const TOOL_BUTTONS: { id: ToolId; text: string }[] = [
  { id: 'brush', text: 'Brush' },
  { id: 'eraser', text: 'Eraser' },
  { id: 'threshold', text: 'Threshold' },
  { id: 'scissors', text: 'Scissors' },
  { id: 'fill', text: 'Fill' },
  { id: 'islands', text: 'Islands' },
];
const OP_BUTTONS: { id: MaskOpId; text: string; testId: string }[] = [
  { id: 'interpolate', text: 'Fill between', testId: 'tool-interpolate' },
  { id: 'grow', text: 'Grow', testId: 'mask-grow' },
  { id: 'shrink', text: 'Shrink', testId: 'mask-shrink' },
  { id: 'smooth', text: 'Smooth', testId: 'mask-smooth' },
  { id: 'remove-small', text: 'Drop specks', testId: 'islands-remove-small' },
  { id: 'keep-largest', text: 'Keep largest', testId: 'islands-keep-largest' },
];

/**
 * The mask editor's bar above the panes: which mask to edit (a version of the open scan or a
 * new empty one), then the tools, their settings, the label and its locks, undo / redo and
 * save. Every button's tooltip is its row of the command table (model/editor-commands.ts).
 */
export function MaskEditorToolbar({ editor, versions, scanOpen }: { editor: MaskEditor; versions: readonly MaskVersionInfo[]; scanOpen: boolean }) {
  const [closing, setClosing] = useState(false);
  if (!editor.editing) {
    return (
      <div className="mask-editor-bar" data-testid="mask-editor-bar" data-editing="false">
        <span className="muted">Correct a mask:</span>
        <select data-testid="mask-edit-source" disabled={!scanOpen} defaultValue="" onChange={(e) => {
          const v = e.target.value;
          e.target.value = '';
          if (v === 'empty-lung') editor.open({ versionId: null, kind: 'lung' });
          else if (v === 'empty-nodules') editor.open({ versionId: null, kind: 'nodules' });
          else if (v) {
            const info = versions.find((x) => x.id === Number(v));
            if (info) editor.open({ versionId: info.id, kind: info.kind });
          }
        }}>
          <option value="">{scanOpen ? 'edit a mask…' : 'open a scan first'}</option>
          {versions.map((v) => (
            <option key={v.id} value={v.id} disabled={v.damaged !== undefined}>
              {v.kind} #{v.id} · {new Date(v.createdAt).toLocaleString()}
              {v.damaged ? ' · damaged' : ''}
            </option>
          ))}
          <option value="empty-lung">new empty lung mask</option>
          <option value="empty-nodules">new empty nodule mask (a label per lesion)</option>
        </select>
      </div>
    );
  }
  const { params, setParams } = editor;
  const tool = editor.toolId;
  return (
    <div className="mask-editor-bar" data-testid="mask-editor-bar" data-editing="true" data-parent-id={editor.session?.source.parentId ?? ''} data-tool={tool ?? ''} data-dirty={editor.dirty} data-undo-depth={editor.undoDepth} data-changed={editor.changedVoxels} data-history-bytes={editor.historyBytes}>
      <span className="mask-editor-bar__what" title="The mask being edited">
        {editor.session?.source.kind} {editor.session?.source.parentId ? `#${editor.session.source.parentId}` : '(new)'}
        {editor.dirty ? ' •' : ''}
      </span>
      {TOOL_BUTTONS.map((b) => (
        <button
          key={b.id}
          type="button"
          className={`btn${tool === b.id ? ' btn--on' : ''}`}
          data-testid={`tool-${b.id}`}
          aria-pressed={tool === b.id}
          disabled={!TOOLS[b.id]}
          title={toolTitle(b.id) + (TOOLS[b.id] ? '' : ' — not available yet')}
          onClick={() => editor.chooseTool(b.id)}
        >
          {b.text}
        </button>
      ))}
      {OP_BUTTONS.map((b) => (
        <button key={b.id} type="button" className="btn" data-testid={b.testId} disabled={editor.running !== null} aria-busy={editor.running === b.id} title={opTitle(b.id)} onClick={() => editor.runOp(b.id)}>
          {b.text}
        </button>
      ))}
      {editor.running ? (
        <span className="mask-op-running" data-testid="mask-op-running" role="status">
          {opTitle(editor.running)}… <button type="button" className="btn" data-testid="mask-op-cancel" title="Cancel (Esc)" onClick={editor.cancelOp}>Cancel</button>
        </span>
      ) : null}
      <label title="Brush diameter, mm (, and . step it)">
        ⌀ <input data-testid="brush-size" type="number" min={1} max={100} step={0.5} value={params.brushMm} onChange={(e) => Number(e.target.value) > 0 && setParams({ ...params, brushMm: Number(e.target.value) })} style={{ width: 52 }} /> mm
      </label>
      <label title="A ball through the slices instead of a disc on the slice">
        <input type="checkbox" data-testid="brush-sphere" checked={params.sphere} onChange={(e) => setParams({ ...params, sphere: e.target.checked })} /> 3D
      </label>
      {tool === 'threshold' ? (
        <span data-testid="threshold-range" title="The threshold brush paints only voxels inside this HU range">
          HU <input type="number" data-testid="threshold-lo" value={params.huRange[0]} onChange={(e) => setParams({ ...params, huRange: [Number(e.target.value), params.huRange[1]] })} style={{ width: 60 }} />–
          <input type="number" data-testid="threshold-hi" value={params.huRange[1]} onChange={(e) => setParams({ ...params, huRange: [params.huRange[0], Number(e.target.value)] })} style={{ width: 60 }} />
          {(Object.keys(THRESHOLD_PRESETS) as (keyof typeof THRESHOLD_PRESETS)[]).map((k) => (
            <button key={k} type="button" className="link-btn" data-testid={`threshold-preset-${k}`} onClick={() => setParams({ ...params, huRange: [THRESHOLD_PRESETS[k].lo, THRESHOLD_PRESETS[k].hi] })}>
              {k}
            </button>
          ))}
          <span className="muted" data-testid="hover-hu"> under cursor: {editor.hoverHu ?? '—'}</span>
        </span>
      ) : null}
      {tool === 'scissors' ? (
        <span>
          <select data-testid="scissors-reach" value={params.reach.kind} onChange={(e) => setParams({ ...params, reach: e.target.value === 'all' ? { kind: 'all' } : e.target.value === 'slab' ? { kind: 'slab', halfSlices: 5 } : { kind: 'slice' } })}>
            <option value="slice">this slice</option>
            <option value="slab">slab ±5</option>
            <option value="all">all slices</option>
          </select>
          <select data-testid="scissors-mode" value={params.scissorsMode} onChange={(e) => setParams({ ...params, scissorsMode: e.target.value === 'fill' ? 'fill' : 'erase' })}>
            <option value="erase">erase inside</option>
            <option value="fill">fill inside</option>
          </select>
          <select data-testid="scissors-shape" value={params.scissorsShape} onChange={(e) => setParams({ ...params, scissorsShape: e.target.value === 'circle' ? 'circle' : e.target.value === 'freehand' ? 'freehand' : 'rectangle' })}>
            <option value="rectangle">rectangle</option>
            <option value="circle">circle</option>
            <option value="freehand">freehand</option>
          </select>
        </span>
      ) : null}
      {tool === 'fill' ? (
        <span>
          ± <input type="number" data-testid="fill-tolerance" value={params.fillToleranceHu} onChange={(e) => setParams({ ...params, fillToleranceHu: Number(e.target.value) })} style={{ width: 56 }} /> HU
          <label>
            <input type="checkbox" data-testid="fill-3d" checked={params.fill3d} onChange={(e) => setParams({ ...params, fill3d: e.target.checked })} /> 3D
          </label>
        </span>
      ) : null}
      <label title="Islands below this volume are dropped (Drop specks)">
        min <input type="number" data-testid="islands-min-mm3" min={0} value={params.minIslandMm3} onChange={(e) => setParams({ ...params, minIslandMm3: Number(e.target.value) })} style={{ width: 56 }} /> mm³
      </label>
      <label title="Grow / shrink margin, mm">
        margin <input type="number" data-testid="margin-mm" min={0.5} step={0.5} value={params.marginMm} onChange={(e) => setParams({ ...params, marginMm: Number(e.target.value) })} style={{ width: 48 }} /> mm
      </label>
      <button type="button" className="btn" data-testid="mask-undo" disabled={!editor.canUndo} title={chordTitle('undo')} onClick={editor.undo}>
        Undo
      </button>
      <button type="button" className="btn" data-testid="mask-redo" disabled={!editor.canRedo} title={chordTitle('redo')} onClick={editor.redo}>
        Redo
      </button>
      <button type="button" className="btn" data-testid="mask-save" disabled={!editor.dirty || editor.saving} title={chordTitle('save')} onClick={() => editor.setSavePrompt(true)}>
        Save…
      </button>
      <button type="button" className="btn" data-testid="mask-edit-close" title="Stop editing (with unsaved edits, asks first: save, discard or keep editing)" onClick={() => (editor.dirty ? setClosing(true) : editor.close())}>
        Close
      </button>
      {closing && editor.dirty ? (
        <CloseEditorPrompt
          onSave={() => {
            setClosing(false);
            editor.setSavePrompt(true);
          }}
          onDiscard={() => {
            setClosing(false);
            editor.journal.discard();
            editor.close();
          }}
          onCancel={() => setClosing(false)}
        />
      ) : null}
      <LabelPicker editor={editor} />
      {editor.savePrompt ? <SaveNotePrompt busy={editor.saving} onSave={(note) => void editor.save(note)} onCancel={() => editor.setSavePrompt(false)} /> : null}
    </div>
  );
}
