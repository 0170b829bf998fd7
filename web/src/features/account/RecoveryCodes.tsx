// Recovery codes, shown once right after they are made: the server keeps only their hashes.
import { useEffect, useRef } from 'react';

interface Props {
  codes: string[];
  onDone: () => void;
}

export function RecoveryCodes({ codes, onDone }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, []);
  return (
    <section aria-labelledby="recovery-codes-heading" className="recovery-codes">
      <h2 id="recovery-codes-heading" tabIndex={-1} ref={headingRef}>
        Save your recovery codes
      </h2>
      <div className="alert alert-warning">
        <p className="alert-message">
          Save these {codes.length} codes now, somewhere safe outside this computer. They are shown only this once.
        </p>
        <p>
          If you lose your authenticator app, each code lets you sign in once instead of an authenticator code. Anyone with your password
          and one of these codes can sign in as you.
        </p>
      </div>
      <ol className="code-list" aria-label="Recovery codes">
        {codes.map((c) => (
          <li key={c}>
            <code>{c}</code>
          </li>
        ))}
      </ol>
      <button type="button" onClick={onDone}>
        I have saved these codes
      </button>
    </section>
  );
}
