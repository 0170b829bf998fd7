// The administration area: administrators only. The server enforces this too; the UI just explains.
import { Outlet } from 'react-router';
import { useSession } from '../../session.tsx';
import { PageHeading } from '../../ui/PageHeading.tsx';

export function RequireAdmin() {
  const { user } = useSession();
  if (!user?.abilities?.administer) {
    return (
      <>
        <PageHeading title="Administrators only" />
        <p>Only administrators may use the administration area.</p>
      </>
    );
  }
  return <Outlet />;
}
