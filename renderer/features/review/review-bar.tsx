import type { ScanLesions } from '../../../electron/common/contract';
import { DRAWING_LABELS } from './model/drawing-mode';
import { agreementLabel, sizeLabel, stateLabel } from './model/lesion-list';
import { commandTitle, reviewCommand, type ReviewCommandId } from './model/review-commands';
import { DiameterPrompt, RejectPrompt, ScanDonePrompt } from './review-prompts';
import type { LesionsState } from './use-lesions';
import type { ReviewState } from './use-review';

/**
 * The decision bar for the selected lesion and the scan: every button is a row of the
 * command table (its label and keys in the tooltip), the prompts the keys open, the scan's
 * review state and what the last action did.
 */
export function ReviewBar({ lesions, review, data }: { lesions: LesionsState; review: ReviewState; data: ScanLesions | null }) {
  const l = lesions.selected;
  const button = (id: ReviewCommandId, testId: string | null, opts: { disabled?: boolean; pressed?: boolean } = {}) => (
    <button
      type="button"
      {...(testId ? { 'data-testid': testId } : {})}
      title={commandTitle(id)}
      disabled={review.busy || opts.disabled}
      {...(opts.pressed !== undefined ? { 'aria-pressed': opts.pressed } : {})}
      onClick={() => review.command(id)}
    >
      {reviewCommand(id).button}
    </button>
  );
  const status = data?.review;
  return (
    <div className="review-bar" data-testid="review-bar">
      <div className="review-bar__scan" data-testid="scan-review-state" data-status={status?.status ?? ''}>
        {status ? (
          <>
            Scan: <strong>{status.status === 'done' ? 'done' : status.status === 'in-progress' ? 'in progress' : 'unreviewed'}</strong> · {status.lesions} lesion{status.lesions === 1 ? '' : 's'}
            {status.lesions ? ` · ${status.accepted} accepted · ${status.rejected} rejected${status.secondRead ? ` · ${status.secondRead} second read` : ''} · ${status.undecided} undecided` : ''}
            {status.done ? <span className="muted"> · done by {status.done.reviewer}</span> : null}
          </>
        ) : (
          'Open a scan to review it.'
        )}
      </div>
      {l ? (
        <div className="review-bar__lesion" data-testid="review-selected" data-lesion-id={l.key}>
          Lesion {l.ordinal}: {sizeLabel(l)} · {agreementLabel(l)} · <span className={`nodule-item__state--${l.state}`}>{stateLabel(l)}</span>
        </div>
      ) : null}
      <div className="review-bar__buttons">
        {button('accept', 'review-accept', { disabled: !l })}
        {button('accept-with-size', 'review-accept-size', { disabled: !l })}
        {button('reject', 'review-reject', { disabled: !l })}
        {button('second-read', 'review-second-read', { disabled: !l })}
        {button('clear', 'review-clear', { disabled: !l || l.state === 'undecided' })}
        {button('undo', 'review-undo')}
      </div>
      <div className="review-bar__buttons">
        {button('scan-done', 'scan-done', { disabled: !data })}
        {button('next-undecided', 'review-next-undecided')}
        {button('queue-mode', 'review-queue-mode', { pressed: review.queueMode })}
        {button('toggle-drawing', 'drawing-toggle', { pressed: review.drawing === 'hidden' })}
        {button('source-drawing', 'drawing-sources', { pressed: review.drawing === 'sources' })}
      </div>
      <div className="muted review-bar__drawing" data-testid="drawing-mode" data-mode={review.drawing}>
        {DRAWING_LABELS[review.drawing]}
        {review.queueMode ? ' · queue mode: each decision moves on' : ''}
      </div>
      {review.notice ? (
        <div className="review-bar__notice" role="status" data-testid="review-notice">
          {review.notice}
        </div>
      ) : null}
      {review.prompt?.kind === 'reject' && l ? (
        <RejectPrompt lesion={l} busy={review.busy} onReject={(reason, text) => void review.decide(l, 'rejected', text ? { reason, reasonText: text } : { reason })} onCancel={() => review.setPrompt(null)} />
      ) : null}
      {review.prompt?.kind === 'diameter' && l ? (
        <DiameterPrompt lesion={l} busy={review.busy} onAccept={(mm) => void review.decide(l, 'accepted', { diameterMm: mm })} onCancel={() => review.setPrompt(null)} />
      ) : null}
      {review.prompt?.kind === 'scan-done' ? (
        <ScanDonePrompt undecided={status?.undecided ?? 0} busy={review.busy} onConfirm={() => void review.setScanDone(true)} onCancel={() => review.setPrompt(null)} />
      ) : null}
    </div>
  );
}
