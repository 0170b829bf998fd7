// The routes of the web UI. Everything but the sign-in page needs a signed-in user; /admin needs an
// administrator.
import { Navigate, Route, Routes } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { RequireAdmin } from './components/RequireAdmin.tsx';
import { RequireAuth } from './components/RequireAuth.tsx';
import { GroupDetailPage } from './pages/GroupDetailPage.tsx';
import { GroupsPage } from './pages/GroupsPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { SignInPage } from './pages/SignInPage.tsx';
import { UserDetailPage } from './pages/UserDetailPage.tsx';
import { UsersPage } from './pages/UsersPage.tsx';

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route path="sign-in" element={<SignInPage />} />
        <Route element={<RequireAuth />}>
          <Route index element={<HomePage />} />
          <Route path="admin" element={<RequireAdmin />}>
            <Route index element={<Navigate to="/admin/users" replace />} />
            <Route path="users" element={<UsersPage />} />
            <Route path="users/:id" element={<UserDetailPage />} />
            <Route path="groups" element={<GroupsPage />} />
            <Route path="groups/:id" element={<GroupDetailPage />} />
          </Route>
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Route>
    </Routes>
  );
}
