// The four stages of seed 001 with their activities as a checklist the assignee works through; the stage the
// report is in is highlighted. Ticking an activity records who did it and when.
import { useState } from 'react';
import { reportsApi, type ReportDetail } from './reportsApi.ts';
import { useReportAction } from './useReportAction.ts';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { Time } from '../../ui/Time.tsx';

interface Props {
  report: ReportDetail;
  onChanged: (report: ReportDetail) => void;
}

export function StageChecklist({ report, onChanged }: Props) {
  const { error, alertRef, run } = useReportAction(onChanged);
  const [pending, setPending] = useState<string | undefined>(undefined);
  const [announce, setAnnounce] = useState('');
  if (!report.stages) return null;
  const editable = report.abilities.triage;

  const toggle = async (key: string, label: string, done: boolean) => {
    setPending(key);
    const ok = await run(() => reportsApi.setChecklist(report.id, key, done), '');
    setPending(undefined);
    if (ok) setAnnounce(`${done ? 'Done' : 'Not done'}: ${label}`);
  };

  return (
    <section aria-labelledby="stages-heading" className="card">
      <h2 id="stages-heading">Stages and checklist</h2>
      <ErrorAlert error={error} alertRef={alertRef} />
      <div className="visually-hidden" role="status">
        {announce}
      </div>
      <ol className="stages">
        {report.stages.map((st, index) => (
          <li key={st.key} className={st.current ? 'stage stage-current' : 'stage'} aria-current={st.current ? 'step' : undefined}>
            <fieldset>
              <legend>
                <span className="stage-number">{index + 1}.</span> {st.label}
                {st.current ? <span className="tag tag-current">Current stage</span> : null}
              </legend>
              <ul className="checklist">
                {st.activities.map((a) => {
                  const id = `activity-${a.key}`;
                  return (
                    <li key={a.key} className={a.doneAt ? 'activity-done' : undefined}>
                      <input
                        type="checkbox"
                        id={id}
                        checked={a.doneAt !== null}
                        disabled={!editable || pending === a.key}
                        onChange={(e) => toggle(a.key, a.label, e.target.checked)}
                        aria-describedby={a.doneAt ? `${id}-done` : undefined}
                      />
                      <label htmlFor={id}>{a.label}</label>
                      {a.doneAt ? (
                        <span className="row-note activity-note" id={`${id}-done`}>
                          Done by {a.doneBy ?? 'someone'}, <Time value={a.doneAt} />
                        </span>
                      ) : null}
                    </li>
                  );
                })}
              </ul>
            </fieldset>
          </li>
        ))}
      </ol>
    </section>
  );
}
