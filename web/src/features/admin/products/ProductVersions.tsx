// The versions of a product with their release dates: list, add, change and delete.
import { useEffect, useRef, useState, type SubmitEvent } from 'react';
import { asApiError, type ApiError } from '../../../api.ts';
import { fieldMessages } from '../../../lib/fieldErrors.ts';
import { useAction } from '../../../hooks/useAction.ts';
import { useErrorFocus } from '../../../hooks/useErrorFocus.ts';
import { productsApi, type Product, type ProductVersion } from './productsApi.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { TextField } from '../../../ui/TextField.tsx';
import { Time } from '../../../ui/Time.tsx';

interface Props {
  product: Product;
  onChanged: () => void;
}

export function ProductVersions({ product, onChanged }: Props) {
  const [editing, setEditing] = useState<ProductVersion | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const rowAction = useAction(onChanged);
  const status = saved ?? rowAction.done;

  return (
    <section aria-labelledby="versions-heading" className="card">
      <h2 id="versions-heading">Versions</h2>
      <ErrorAlert error={rowAction.error} alertRef={rowAction.alertRef} />
      {status ? <StatusMessage>{status}</StatusMessage> : null}
      {product.versions.length === 0 ? (
        <p className="muted">No versions yet. Reporters can still name the version they use in their report.</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">Versions of {product.name}, newest release first</caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Released</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {product.versions.map((v) => (
              <tr key={v.id}>
                <th scope="row">{v.version}</th>
                <td>{v.releasedOn ? <Time value={v.releasedOn} /> : <span className="muted">Not released</span>}</td>
                <td className="actions">
                  <div className="button-row version-actions">
                    <button
                      type="button"
                      className="button-secondary"
                      onClick={() => {
                        setSaved(undefined);
                        setEditing(v);
                      }}
                    >
                      Edit<span className="visually-hidden"> version {v.version}</span>
                    </button>
                    <button
                      type="button"
                      className="button-secondary"
                      disabled={rowAction.busy}
                      onClick={() => {
                        setSaved(undefined);
                        if (editing?.id === v.id) setEditing(undefined);
                        void rowAction.act(async () => {
                          await productsApi.removeVersion(product.id, v.id);
                          return `Deleted version ${v.version}.`;
                        });
                      }}
                    >
                      Delete<span className="visually-hidden"> version {v.version}</span>
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {editing ? (
        <VersionForm
          key={editing.id}
          heading={`Change version ${editing.version}`}
          initial={editing}
          submitText="Save version"
          onCancel={() => setEditing(undefined)}
          onSubmit={async (input) => {
            const v = await productsApi.updateVersion(product.id, editing.id, input);
            setEditing(undefined);
            setSaved(`Saved version ${v.version}.`);
            onChanged();
          }}
        />
      ) : null}
      <VersionForm
        heading="Add a version"
        submitText="Add version"
        onSubmit={async (input) => {
          const v = await productsApi.addVersion(product.id, input);
          setSaved(`Added version ${v.version}.`);
          onChanged();
        }}
      />
    </section>
  );
}

interface FormProps {
  heading: string;
  submitText: string;
  initial?: ProductVersion;
  onSubmit: (input: { version: string; releasedOn: string }) => Promise<void>;
  onCancel?: () => void;
}

function VersionForm({ heading, submitText, initial, onSubmit, onCancel }: FormProps) {
  const [version, setVersion] = useState(initial?.version ?? '');
  const [releasedOn, setReleasedOn] = useState(initial?.releasedOn ?? '');
  const [error, setError] = useState<ApiError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const { formRef, alertRef } = useErrorFocus(error);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = initial ? `version-form-${initial.id}` : 'version-form-new';

  // The change form takes focus when it opens.
  useEffect(() => {
    if (initial) headingRef.current?.focus();
  }, [initial]);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      await onSubmit({ version, releasedOn });
      setError(undefined);
      if (!initial) {
        setVersion('');
        setReleasedOn('');
      }
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const fields = fieldMessages(error);
  return (
    <form ref={formRef} onSubmit={submit} noValidate className="form section-gap" aria-labelledby={id}>
      <h3 id={id} tabIndex={-1} ref={headingRef}>
        {heading}
      </h3>
      <ErrorAlert error={error} alertRef={alertRef} shownFields={['version', 'releasedOn']} />
      <TextField
        label="Version"
        name="version"
        required
        value={version}
        onChange={(e) => setVersion(e.target.value)}
        error={fields.version}
      />
      <TextField
        label="Release date"
        name="releasedOn"
        type="date"
        hint="Leave empty for a version not released yet."
        value={releasedOn}
        onChange={(e) => setReleasedOn(e.target.value)}
        error={fields.releasedOn}
      />
      <div className="button-row">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : submitText}
        </button>
        {onCancel ? (
          <button type="button" className="button-secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
