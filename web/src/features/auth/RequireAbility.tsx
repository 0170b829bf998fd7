// A route guard per installation ability: the page shows only when GET /api/session says the user may do
// that (src/domain/installation/policy.ts). The server enforces every request itself; the UI just explains.
import { Outlet } from 'react-router';
import type { Abilities } from '../../contract.ts';
import { useSession } from '../../session.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';

export function RequireAbility({ ability }: { ability: keyof Abilities }) {
  const { user } = useSession();
  if (!user?.abilities[ability]) {
    return (
      <>
        <PageHeading title="Administrators only" />
        <p>Only administrators may use the administration area.</p>
      </>
    );
  }
  return <Outlet />;
}
