import { useId, useState } from 'react';
import type { DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { WireError } from '../../../shared/errors.js';
import type { JobDetail, Stage } from '../../../shared/model.js';
import { stages } from '../../../shared/model.js';
import { useErrorText } from '../i18n/use-error-text.js';
import { useJobDetailStore } from '../stores/job-detail-store.js';
import { hrefOf } from '../stores/navigation-store.js';
import './job-stage-board.css';

type Card = JobDetail['candidatesByStage'][number]['candidates'][number];
interface Moved {
  name: string;
  applicationId: string;
  from: Stage;
  to: Stage;
}

const dragType = 'application/x-hirebox-application';

/**
 * A job's candidates in one column per stage. A card moves by dragging it to another
 * column (native HTML5 drag and drop) or, from the keyboard, with its "Move to" menu;
 * either way `applications:set-stage` moves it, and a line says what moved, with Undo.
 */
export function JobStageBoard({ job, onOfferArchive }: { job: JobDetail; onOfferArchive: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const moveApplication = useJobDetailStore((state) => state.moveApplication);
  const [moved, setMoved] = useState<Moved | null>(null);
  const [error, setError] = useState<WireError | null>(null);
  const [dropTarget, setDropTarget] = useState<Stage | null>(null);

  async function move(card: Card, from: Stage, to: Stage, undoing = false) {
    if (from === to) return;
    setError(null);
    const result = await moveApplication(card.applicationId, to);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setMoved(undoing ? null : { name: card.name, applicationId: card.applicationId, from, to });
    if (!undoing && result.value.offerArchive) onOfferArchive();
  }

  function findCard(applicationId: string): { card: Card; stage: Stage } | null {
    for (const group of job.candidatesByStage) {
      const card = group.candidates.find((candidate) => candidate.applicationId === applicationId);
      if (card) return { card, stage: group.stage };
    }
    return null;
  }

  function drop(event: DragEvent, stage: Stage) {
    event.preventDefault();
    setDropTarget(null);
    const found = findCard(event.dataTransfer.getData(dragType));
    if (found) void move(found.card, found.stage, stage);
  }

  return (
    <>
      <p className="stage-board-help">{t('jobPage.boardHelp')}</p>
      <div className="stage-columns">
        {job.candidatesByStage.map((group) => (
          <StageColumn
            key={group.stage}
            group={group}
            dropping={dropTarget === group.stage}
            onDragOver={(event) => {
              if (!event.dataTransfer.types.includes(dragType)) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              setDropTarget(group.stage);
            }}
            onDragLeave={() => setDropTarget((current) => (current === group.stage ? null : current))}
            onDrop={(event) => drop(event, group.stage)}
            onMove={(card, to) => void move(card, group.stage, to)}
          />
        ))}
      </div>
      <div className="stage-board-status" role="status">
        {moved ? (
          <>
            <span>{t('jobPage.moved', { name: moved.name, stage: t(`stage.${moved.to}`) })}</span>
            <button
              type="button"
              className="button button-quiet"
              onClick={() => {
                const found = findCard(moved.applicationId);
                if (found) void move(found.card, found.stage, moved.from, true);
              }}
            >
              {t('jobPage.undoMove')}
            </button>
          </>
        ) : null}
      </div>
      {error ? (
        <p className="field-error" role="alert">
          {errorText(error)}
        </p>
      ) : null}
    </>
  );
}

function StageColumn({
  group,
  dropping,
  onDragOver,
  onDragLeave,
  onDrop,
  onMove,
}: {
  group: JobDetail['candidatesByStage'][number];
  dropping: boolean;
  onDragOver: (event: DragEvent) => void;
  onDragLeave: () => void;
  onDrop: (event: DragEvent) => void;
  onMove: (card: Card, to: Stage) => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  return (
    <section
      className={`stage-column stage-${group.stage}${dropping ? ' stage-drop-target' : ''}`}
      aria-labelledby={headingId}
      data-stage={group.stage}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <h3 id={headingId}>
        {t(`stage.${group.stage}`)} <span className="heading-count">{group.candidates.length}</span>
      </h3>
      {group.candidates.length === 0 ? (
        <p className="stage-empty">{t('jobPage.stageEmpty')}</p>
      ) : (
        <ul>
          {group.candidates.map((candidate) => (
            <li
              key={candidate.applicationId}
              className="stage-card"
              draggable
              onDragStart={(event) => {
                event.dataTransfer.setData(dragType, candidate.applicationId);
                event.dataTransfer.effectAllowed = 'move';
              }}
            >
              <a href={hrefOf({ page: 'candidates', candidateId: candidate.id })} draggable={false} title={`${candidate.name} · ${candidate.primaryEmail}`}>
                <span className="stage-name">{candidate.name}</span>
                <span className="stage-email">{candidate.primaryEmail}</span>
              </a>
              <select
                className="stage-move"
                aria-label={t('jobPage.moveTo', { name: candidate.name })}
                value={group.stage}
                onChange={(event) => onMove(candidate, event.currentTarget.value as Stage)}
              >
                {stages.map((stage) => (
                  <option key={stage} value={stage}>
                    {t(`stage.${stage}`)}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
