// The versions of a product with their release dates: list, add, change and delete.
import { useState } from 'react';
import { useAction } from '../../../hooks/useAction.ts';
import { productsApi, type Product, type ProductVersion } from './productsApi.ts';
import { ErrorAlert } from '../../../ui/ErrorAlert.tsx';
import { StatusMessage } from '../../../ui/StatusMessage.tsx';
import { ItemForm } from '../../../ui/ItemForm.tsx';
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

  return (
    <ItemForm
      headingId={initial ? `version-form-${initial.id}` : 'version-form-new'}
      heading={heading}
      headingLevel="h3"
      className="form section-gap"
      submitText={submitText}
      changing={initial !== undefined}
      shownFields={['version', 'releasedOn']}
      onCancel={onCancel}
      onSubmit={async () => {
        await onSubmit({ version, releasedOn });
        if (!initial) {
          setVersion('');
          setReleasedOn('');
        }
      }}
    >
      {(fields) => (
        <>
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
        </>
      )}
    </ItemForm>
  );
}
