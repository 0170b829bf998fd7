// Deleting a group, with a confirmation step. While objects or groups still use the group the server
// refuses (409) and lists the uses; they are shown with the message.
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, asApiError, groupUsesOf, type ApiError, type Group } from '../../../api.ts';
import { useErrorFocus } from '../../../hooks/useErrorFocus.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { GroupUseList } from './GroupUseList.tsx';

export function GroupDeleteSection({ group }: { group: Group }) {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { alertRef } = useErrorFocus(error);
  const questionRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (confirming) questionRef.current?.focus();
  }, [confirming]);

  const remove = async () => {
    setBusy(true);
    try {
      await api.groups.remove(group.id);
      void navigate('/admin/groups', { state: { deleted: group.name } });
    } catch (err) {
      setConfirming(false);
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const uses = error ? groupUsesOf(error) : [];
  return (
    <section aria-labelledby="delete-heading" className="card card-danger">
      <h2 id="delete-heading">Delete this group</h2>
      <ErrorAlert error={error} alertRef={alertRef}>
        {uses.length > 0 ? <GroupUseList uses={uses} groupName={group.name} /> : null}
      </ErrorAlert>
      {confirming ? (
        <div className="confirm">
          <p tabIndex={-1} ref={questionRef}>
            Delete the group “{group.name}” permanently? This cannot be undone.
          </p>
          <div className="button-row">
            <button type="button" className="button-danger" onClick={remove} disabled={busy}>
              Yes, delete {group.name}
            </button>
            <button type="button" className="button-secondary" onClick={() => setConfirming(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <>
          <p>A group that any object or other group still uses cannot be deleted.</p>
          <button
            type="button"
            className="button-danger"
            onClick={() => {
              setError(undefined);
              setConfirming(true);
            }}
          >
            Delete group
          </button>
        </>
      )}
    </section>
  );
}
